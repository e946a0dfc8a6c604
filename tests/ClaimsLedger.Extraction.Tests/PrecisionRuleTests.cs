namespace ClaimsLedger.Extraction.Tests;

/// <summary>The rules@0.3.0 precision rules, each on sentences written for these tests (none from the seed articles).</summary>
public class PrecisionRuleTests
{
    private static readonly DateOnly Published = new(2024, 3, 12);

    private static IReadOnlyList<CandidateClaim> Extract(string text) => ClaimExtractor.Default.Extract(text, Published);

    private static IEnumerable<string> Tuples(string text) =>
        Extract(text).SelectMany(c => c.Effects.Select(e => $"{c.Subject}|{e.Power}|{e.Direction}"));

    [Fact]
    public void A_country_after_a_gathering_noun_and_in_is_the_venue() =>
        Tuples("At a conference in Georgia, Uzbek officials signed a loan agreement with China.")
            .ShouldBe(["UZ|CN|toward"]);

    [Fact]
    public void A_tracked_countrys_city_after_in_is_a_location_not_an_actor() =>
        Tuples("Turkmenistan signed a gas deal with China in Tashkent.").ShouldBe(["TM|CN|toward"]);

    [Fact]
    public void An_experts_affiliation_names_no_party() =>
        Extract("Chinese investment keeps growing, said Jane Roe, a professor of economics at Kazakhstan's oldest university.")
            .ShouldNotContain(c => c.Subject == "KZ");

    [Fact]
    public void The_foil_of_unlike_is_not_a_subject()
    {
        var claims = Extract("Unlike Armenia, Azerbaijan refused to join the Russian security pact.");
        claims.ShouldNotContain(c => c.Subject == "AM");
        claims.ShouldContain(c => c.Subject == "AZ" && c.Effects.Any(e => e.Power == "RU" && e.Direction == "away"));
    }

    [Fact]
    public void A_cue_does_not_reach_a_power_in_another_clause() =>
        Tuples("Mongolia is busy: it signed a railway deal with China, while Russia watched from the sidelines.").ShouldBe(["MN|CN|toward"]);

    [Fact]
    public void Each_power_takes_the_direction_of_its_own_clause() =>
        Tuples("Kazakhstan is changing: Russian influence is waning, while Chinese investment keeps growing.")
            .ShouldBe(["KZ|CN|toward", "KZ|RU|away"], ignoreOrder: true);

    [Fact]
    public void Beside_a_loser_the_other_power_gains_whatever_the_loss_words_say() =>
        Tuples("Kazakhstan's imports from China grew at the expense of Russia, whose share fell.")
            .ShouldBe(["KZ|CN|toward", "KZ|RU|away"], ignoreOrder: true);

    [Fact]
    public void Each_subject_keeps_the_powers_of_its_own_clause() =>
        Tuples("Tajikistan deepened security ties with Russia, while Turkmenistan signed a gas deal with China.")
            .ShouldBe(["TJ|RU|toward", "TM|CN|toward"], ignoreOrder: true);

    [Fact]
    public void The_war_setting_is_never_carried_to_a_pronoun() =>
        Extract("Fighting continues across Ukraine. The country relies on Moscow for gas.").ShouldNotContain(c => c.Subject == "UA");

    [Fact]
    public void A_list_of_founding_members_is_a_claim_about_each()
    {
        var tuples = Tuples("The bank was founded by China and Russia along with Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan.").ToList();
        foreach (var member in new[] { "KZ", "KG", "TJ", "UZ" })
        {
            tuples.ShouldContain($"{member}|CN|toward");
            tuples.ShouldContain($"{member}|RU|toward");
        }
    }

    [Fact]
    public void Two_blocs_led_by_one_power_make_one_tie() =>
        Extract("Belarus is a member of the CSTO as well as the Eurasian Economic Union.")
            .SelectMany(c => c.Effects.Select(e => (c.Subject, e.Power, e.Dimension)))
            .ShouldBe([("BY", "RU", "security")]);
}
