namespace ClaimsLedger.Extraction.Tests;

/// <summary>
/// The rules@0.4.0 rules on who a sentence is about and whether it asserts anything: questions, roll-calls, denied
/// displacements and dependences, powers as subjects, and what pronouns stand for. Sentences written for these tests.
/// </summary>
public class SubjectRuleTests
{
    private static readonly DateOnly Published = new(2025, 2, 3);

    private static IEnumerable<string> Tuples(string text) =>
        ClaimExtractor.Default.Extract(text, Published).SelectMany(c => c.Effects.Select(e => $"{c.Subject}|{e.Power}|{e.Direction}"));

    [Fact]
    public void A_question_asserts_nothing() =>
        Tuples("Will Kyrgyzstan deepen its security ties with Russia after the election?").ShouldBeEmpty();

    [Fact]
    public void Three_titled_leaders_are_a_roll_call() =>
        Tuples("Pictured: President Mirziyoyev of Uzbekistan, President Rahmon of Tajikistan and President Xi of China at the signing of agreements.")
            .ShouldBeEmpty();

    [Fact]
    public void A_denied_displacement_takes_nothing_from_the_power_it_names()
    {
        var tuples = Tuples("Kazakhstan is buying more Chinese machinery, but not at the expense of Russia.").ToList();
        tuples.ShouldContain("KZ|CN|toward");
        tuples.ShouldNotContain(t => t.Contains("|RU|"));
    }

    [Fact]
    public void A_major_power_is_a_subject_only_when_it_leans_on_another() =>
        Tuples("Moscow increasingly relies on Beijing for machine tools and microchips.").ShouldBe(["RU|CN|toward"]);

    [Fact]
    public void A_denied_dependence_makes_no_claim() =>
        Tuples("China is building new gas pipelines that do not depend on Russia.").ShouldBeEmpty();

    [Fact]
    public void Two_major_powers_alone_make_no_subject() =>
        Tuples("Washington and Beijing signed a trade agreement last week.").ShouldBeEmpty();

    [Fact]
    public void A_tracked_power_is_a_subject_but_not_after_a_preposition()
    {
        Tuples("Iran signed a railway agreement with China.").ShouldBe(["IR|CN|toward"]);
        Tuples("Mr Putin plans a visit to Iran next month.").ShouldNotContain(t => t.StartsWith("IR|", StringComparison.Ordinal));
    }

    [Fact]
    public void Powers_acting_together_are_not_each_others_subjects() =>
        Tuples("India and Japan are expanding their investment, supplanting Russia.").ShouldBeEmpty();

    [Fact]
    public void A_pronoun_after_a_name_stands_for_that_name() =>
        ClaimExtractor.Default.Extract("Armenia has frozen its participation in the bloc. Russia's war keeps eroding its ability to project power.", Published)
            .ShouldNotContain(c => c.Subject == "AM" && c.Evidence.Quote.StartsWith("Russia's war", StringComparison.Ordinal));

    [Fact]
    public void He_said_is_the_speaker_not_the_country()
    {
        var claims = ClaimExtractor.Default.Extract("Tajikistan hosted the talks. He said Russia's grip on the region was weakening.", Published);
        claims.ShouldNotContain(c => c.Subject == "TJ" && c.Evidence.Quote.StartsWith("He said", StringComparison.Ordinal));
    }

    [Fact]
    public void These_countries_stand_for_the_region_the_text_is_about()
    {
        var claims = ClaimExtractor.Default.Extract(
            "Central Asia is changing fast. Kazakhstan and Uzbekistan opened new border crossings. These countries increasingly rely on Chinese loans.",
            Published);
        claims.ShouldContain(c => c.Subject == "CENTRAL_ASIA" && c.Evidence.Quote.StartsWith("These", StringComparison.Ordinal)
                                  && c.Effects.Any(e => e.Power == "CN" && e.Direction == "toward"));
    }

    [Fact]
    public void The_regions_adjective_before_nation_is_the_country_spoken_of() =>
        ClaimExtractor.Default.Extract("Turkmenistan exported record volumes of gas. The Central Asian nation signed a new pipeline deal with China.", Published)
            .ShouldContain(c => c.Subject == "TM" && c.Evidence.Quote.StartsWith("The Central Asian nation", StringComparison.Ordinal));

    [Fact]
    public void A_power_named_beside_a_member_says_whose_bloc_it_joined() =>
        Tuples("Mongolia joined the Shanghai Cooperation Organisation at the urging of China, while Belarus joined at the invitation of Russia.")
            .ShouldBe(["MN|CN|toward", "BY|RU|toward"], ignoreOrder: true);

    [Fact]
    public void And_closing_a_list_of_adjectives_does_not_open_a_clause() =>
        Tuples("Uzbekistan is strengthening economic, political, and security ties with the European Union, while Russia watches.")
            .ShouldBe(["UZ|EU|toward"]);

    [Fact]
    public void An_idiom_is_not_a_cue() =>
        Tuples("Kazakhstan signed a pact with Russia on the threat of terrorism.").ShouldBe(["KZ|RU|toward"]);
}
