using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>
/// The projection searches only the claims listed under a claim's cells the other way over overlapping valid times. Checked
/// against the definition applied to every pair: random codings recorded in one batch (so pairs form inside a daemon batch),
/// then recoded and retracted one by one, must list exactly the pairs the definition names, with the same conflicts.
/// </summary>
public sealed class ContradictionSearchTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Text = "Officials and analysts disagreed about where the country is heading with its neighbours and partners.";

    // Voices: alpha and its syndicated copy are one publisher; beta is another.
    private static readonly Dictionary<string, string> Voices = new() { ["alpha"] = "alpha", ["alpha-copy"] = "alpha", ["beta"] = "beta" };
    private static readonly string?[] ValidTimes = [null, "2020", "2021", "2020-06", "2021-03", "2019/2021", "2022"];
    private static readonly string[] Powers = ["CN", "RU"];
    private static readonly string[] Dimensions = ["economic", "security"];

    private sealed record Coding(string Source, (string Power, string Dimension, string Direction)[] Effects, string? ValidTime)
    {
        public bool Retracted { get; set; }
    }

    [Fact]
    public async Task the_listed_contradictions_are_exactly_the_pairs_the_definition_names_through_recodings_and_retractions()
    {
        await Api.Post("/api/sources", Samples.Source(Text + " (alpha)", id: "alpha", carrier: "Alpha News"));
        await Api.Post("/api/sources", Samples.Source(Text + " (copy)", id: "alpha-copy", carrier: "Wire Digest", originalPublisher: "Alpha News", syndicated: true));
        await Api.Post("/api/sources", Samples.Source(Text + " (beta)", id: "beta", carrier: "Beta Post"));
        var random = new Random(20261130);
        var codings = Enumerable.Range(0, 48).Select(_ => RandomCoding(random)).ToList();

        var recorded = await Api.Post("/api/claims/batch", new { claims = codings.Select((c, i) => Claim(c, i)).ToArray() });
        var ids = recorded.As<RecordClaimsResult>().Results.Select(r => r.Id.ShouldNotBeNull()).ToList();
        var claims = ids.Zip(codings).ToDictionary(p => p.First, p => p.Second);
        await ShouldListTheDefinedPairs(claims);

        foreach (var id in ids.OrderBy(_ => random.Next()).Take(12))
        {
            var recoded = RandomCoding(random) with { Source = claims[id].Source };
            await Api.Post($"/api/claims/{id}/recoding", new
            {
                effects = recoded.Effects.Select(e => new { power = e.Power, dimension = e.Dimension, direction = e.Direction, strength = 1 }),
                validTime = recoded.ValidTime ?? "2015", reason = "Recoded on a second reading.",
            });
            claims[id] = recoded with { ValidTime = recoded.ValidTime ?? "2015" };
        }
        foreach (var id in ids.Where(id => claims[id].ValidTime is not null).Take(3))
        {
            await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misquoted." });
            claims[id].Retracted = true;
        }
        await ShouldListTheDefinedPairs(claims);
    }

    private async Task ShouldListTheDefinedPairs(Dictionary<string, Coding> claims)
    {
        await Fixture.WaitForProjectionsAsync();
        var listed = (await Api.Get("/api/contradictions?subject=KZ&pageSize=200")).As<Paged<ContradictionView>>().Items
            .ToDictionary(c => c.Id, c => c.Conflicts.Select(x => $"{x.Power}|{x.Dimension}|{x.First}|{x.Second}").ToList());
        var defined = new Dictionary<string, List<string>>();
        var ordered = claims.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
            for (var j = i + 1; j < ordered.Count; j++)
            {
                var conflicts = Conflicts(claims[ordered[i]], claims[ordered[j]]);
                if (conflicts.Count > 0) defined[ContradictionIds.For(ordered[i], ordered[j])] = conflicts;
            }

        defined.Count.ShouldBeGreaterThan(5, "the random codings should contradict somewhere, or this checks nothing");
        listed.Keys.Order().ShouldBe(defined.Keys.Order());
        foreach (var (id, conflicts) in defined) listed[id].ShouldBe(conflicts, id);
    }

    /// <summary>The definition, pair by pair: both in force, overlapping valid times, two publishers, opposite moves on a cell.</summary>
    private static List<string> Conflicts(Coding a, Coding b)
    {
        if (a.Retracted || b.Retracted || a.ValidTime is null || b.ValidTime is null) return [];
        Time.ValidTime.TryParse(a.ValidTime, out var va).ShouldBeTrue();
        Time.ValidTime.TryParse(b.ValidTime, out var vb).ShouldBeTrue();
        if (!va.Overlaps(vb.Start, vb.End) || Voices[a.Source] == Voices[b.Source]) return [];
        return a.Effects.Join(b.Effects, x => (x.Power, x.Dimension), y => (y.Power, y.Dimension), (x, y) => (x, y))
            .Where(p => p.x.Direction != p.y.Direction)
            .OrderBy(p => p.x.Power, StringComparer.Ordinal).ThenBy(p => Enum.Parse<Dimension>(p.x.Dimension, ignoreCase: true))
            .Select(p => $"{p.x.Power}|{Enum.Parse<Dimension>(p.x.Dimension, ignoreCase: true)}|{Title(p.x.Direction)}|{Title(p.y.Direction)}")
            .ToList();
    }

    private static string Title(string direction) => direction == "toward" ? "Toward" : "Away";

    private static Coding RandomCoding(Random random)
    {
        var cells = Powers.SelectMany(p => Dimensions.Select(d => (p, d))).OrderBy(_ => random.Next()).Take(random.Next(1, 3));
        return new Coding(
            Voices.Keys.ElementAt(random.Next(Voices.Count)),
            cells.Select(c => (c.p, c.d, random.Next(2) == 0 ? "toward" : "away")).ToArray(),
            ValidTimes[random.Next(ValidTimes.Length)]);
    }

    private static object Claim(Coding coding, int number) => new
    {
        subject = "KZ", statement = $"Finding {number} on where Kazakhstan is heading.", validTime = coding.ValidTime, confidence = 0.5,
        effects = coding.Effects.Select(e => new { power = e.Power, dimension = e.Dimension, direction = e.Direction, strength = 1 }),
        evidence = Samples.Evidence(coding.Source, Text + $" ({coding.Source[(coding.Source.IndexOf('-') + 1)..]})", "Officials and analysts disagreed"),
    };
}
