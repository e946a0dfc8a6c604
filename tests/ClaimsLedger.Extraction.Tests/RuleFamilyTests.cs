namespace ClaimsLedger.Extraction.Tests;

/// <summary>Each rule family on sentences written for these tests (none are taken from the seed articles).</summary>
public class RuleFamilyTests
{
    private static readonly DateOnly Published = new(2024, 3, 12);

    private static IReadOnlyList<CandidateClaim> Extract(string text) => ClaimExtractor.Default.Extract(text, Published);

    private static CandidateClaim Single(string text, string subject) =>
        Extract(text).Where(c => c.Subject == subject).ShouldHaveSingleItem();

    private static CandidateEffect Effect(CandidateClaim c, string power) => c.Effects.Single(e => e.Power == power);

    [Fact]
    public void Subject_and_power_from_country_names() =>
        Effect(Single("Uzbekistan signed a gas supply deal with Russia.", "UZ"), "RU").Direction.ShouldBe("toward");

    [Fact]
    public void Subject_and_power_from_leaders_and_capitals()
    {
        var claim = Single("Mirziyoyev welcomed Xi Jinping to Tashkent for a state visit.", "UZ");
        Effect(claim, "CN").ShouldBe(new CandidateEffect("CN", "diplomatic", "toward", 2));
    }

    [Fact]
    public void Demonyms_name_their_countries() =>
        Single("Kyrgyz officials pledged support for Turkish investment in the mining sector.", "KG")
            .Effects.ShouldContain(e => e.Power == "TR" && e.Dimension == "economic" && e.Direction == "toward");

    [Fact]
    public void Displacement_moves_the_gainer_toward_and_the_loser_away()
    {
        var claim = Single("In 2022 India overtook Russia as Armenia's largest arms supplier.", "AM");
        Effect(claim, "IN").Direction.ShouldBe("toward");
        Effect(claim, "RU").Direction.ShouldBe("away");
        claim.Subject.ShouldNotBe("IN");
        claim.ValidTime.ShouldBe("2022");
    }

    [Fact]
    public void Away_cues_and_the_CSTO_name_the_power_and_dimension()
    {
        var claim = Single("Pashinyan said Armenia froze its participation in the CSTO.", "AM");
        claim.Effects.ShouldHaveSingleItem().ShouldBe(claim.Effects[0] with { Power = "RU", Dimension = "security", Direction = "away" });
    }

    [Fact]
    public void Negation_flips_the_cue_it_governs() =>
        Effect(Single("Tajikistan has not signed the security pact with Iran.", "TJ"), "IR").Direction.ShouldBe("away");

    [Fact]
    public void Membership_of_an_organisation_is_a_tie_to_its_leading_powers()
    {
        var claims = Extract("The Eurasian Economic Union includes Russia, Belarus and Armenia, and Kyrgyzstan joined in 2015.");
        claims.Select(c => c.Subject).ShouldBe(["BY", "AM", "KG"], ignoreOrder: true);
        claims.ShouldAllBe(c => c.Effects.Count == 1 && c.Effects[0].Power == "RU" && c.Effects[0].Dimension == "economic");
    }

    [Theory]
    [InlineData("Turkmenistan expanded gas exports to China.", "TM", "CN", "energy")]
    [InlineData("Azerbaijan and Turkey held joint military drills near the border.", "AZ", "TR", "security")]
    [InlineData("Georgia signed a deal with China to build a deep-sea port.", "GE", "CN", "infrastructure")]
    [InlineData("Kazakhstan is increasing Chinese language education in its universities.", "KZ", "CN", "cultural")]
    [InlineData("Thousands of Tajik migrants relocated to Russia in search of work.", "TJ", "RU", "migration")]
    public void Dimension_from_cue_words(string sentence, string subject, string power, string dimension) =>
        Effect(Single(sentence, subject), power).Dimension.ShouldBe(dimension);

    [Fact]
    public void Intensity_cues_set_strength() =>
        Effect(Single("Kyrgyzstan relies heavily on remittances from Russia.", "KG"), "RU").Strength.ShouldBe(3);

    [Fact]
    public void Hedges_lower_confidence()
    {
        var fact = Single("Mongolia signed a coal deal with China.", "MN");
        var rumour = Single("Analysts said Mongolia might sign a coal deal with China.", "MN");
        rumour.Confidence.ShouldBeLessThan(fact.Confidence);
    }

    [Fact]
    public void Only_powers_named_then_the_least_power_like_is_the_subject() =>
        Effect(Single("Moscow relies on Beijing for machine tools.", "RU"), "CN").Direction.ShouldBe("toward");

    [Fact]
    public void All_five_Central_Asian_states_are_the_region() =>
        Single("The EU pledged aid to Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan.", "CENTRAL_ASIA")
            .Effects.ShouldContain(e => e.Power == "EU");

    [Fact]
    public void A_sentence_without_a_direction_cue_makes_no_claim() =>
        Extract("Kazakhstan borders Russia and China.").ShouldBeEmpty();

    [Fact]
    public void Statement_is_a_neutral_template_and_evidence_is_the_sentence()
    {
        const string text = "Markets were calm. Georgia signed a transit deal with the EU in January.";
        var claim = Extract(text).ShouldHaveSingleItem();
        claim.Statement.ShouldBe("Georgia moves toward the European Union (infrastructure).");
        claim.Evidence.Quote.ShouldBe("Georgia signed a transit deal with the EU in January.");
        text[claim.Evidence.Start..claim.Evidence.End].ShouldBe(claim.Evidence.Quote);
        claim.ValidTime.ShouldBe("2024-01");
    }

    [Fact]
    public void Lower_case_words_do_not_name_countries() =>
        Extract("They signed a deal on turkey and china exports to the west of us.").ShouldBeEmpty();
}
