using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// Events whose timestamps do not follow the ledger's order, as commands committing side by side leave them (each takes its
/// timestamp when it runs, its sequence when it inserts): the as-of alignment, the history up to an instant and a diff's
/// causes must still describe one and the same ledger.
/// </summary>
public sealed class RecordTimeOrderTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const int Revisions = 12;
    private const int LateOne = 3;
    private string _claim = "";
    private DateTimeOffset _base;
    private readonly List<long> _sequences = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5), actor: "ana")).As<RecordClaimResult>().Id;
        _base = Fixture.Clock.GetUtcNow().AddHours(1);

        // Revisions stamped a minute apart in ledger order, except the third, which ran first and committed late: stamped an
        // hour on. With twelve revisions the alignment snapshots the claim's eleventh change, stamped before the late one.
        var confidence = 0.5;
        for (var i = 1; i <= Revisions; i++)
        {
            await using var session = Fixture.Store.LightweightSession();
            var next = Math.Round(0.5 + i * 0.03, 2);
            var action = session.Events.Append(_claim, new ClaimConfidenceRevised(_claim, confidence, next, "ben", $"Revision {i}."));
            action.Events[0].Timestamp = Stamp(i);
            await session.SaveChangesAsync();
            _sequences.Add(action.Events[0].Sequence);
            confidence = next;
        }
        Fixture.Clock.Advance(TimeSpan.FromHours(3));
        await Fixture.WaitForProjectionsAsync();
    }

    private DateTimeOffset Stamp(int revision) => revision == LateOne ? _base.AddMinutes(60) : _base.AddMinutes(revision);

    [Fact]
    public async Task as_of_an_instant_the_alignment_reflects_the_ledger_up_to_the_first_change_recorded_after_it()
    {
        // Between the second revision's stamp and the late one's, every later revision is stamped earlier than the late one but
        // comes after it in the ledger: the ledger as of then ends with the second revision.
        foreach (var minutes in new[] { 2.5, 9.5, 10.5, 59.5 })
        {
            var between = await Alignment(_base.AddMinutes(minutes));
            between.LastSequence.ShouldBe(_sequences[LateOne - 2], $"as of {minutes} min");
            between.Scores["CN"]["economic"].ShouldBe(Contribution(0.5 + (LateOne - 1) * 0.03));
        }

        var afterAll = await Alignment(_base.AddMinutes(61));
        afterAll.LastSequence.ShouldBe(_sequences[^1]);
        afterAll.Scores["CN"]["economic"].ShouldBe(Contribution(0.5 + Revisions * 0.03));
    }

    [Fact]
    public async Task the_history_up_to_any_instant_ends_where_the_as_of_alignment_does()
    {
        var history = (await Get("/api/alignments/KZ/history?pageSize=100")).As<Paged<HistoryEntry>>().Items;
        history.Select(e => e.Timestamp).ShouldBeInOrder();

        foreach (var minutes in new[] { 0.5, 1.5, 2.5, 5.5, 9.5, 11.5, 30, 60.5 })
        {
            var at = _base.AddMinutes(minutes);
            var upTo = (await Get($"/api/alignments/KZ/history?to={Instant(at)}&pageSize=100")).As<Paged<HistoryEntry>>().Items;
            var alignment = await Alignment(at);
            upTo[^1].Sequence.ShouldBe(alignment.LastSequence, $"as of {minutes} min");
        }
    }

    [Fact]
    public async Task a_diff_between_any_two_instants_has_causes_that_add_up_to_its_before_and_after()
    {
        var instants = new[] { -30, 1.5, 2.5, 9.5, 11.5, 30, 61 }.Select(m => _base.AddMinutes(m)).ToList();
        foreach (var from in instants)
        {
            foreach (var to in instants.Where(t => t > from))
            {
                var diff = (await Get($"/api/alignments/KZ/diff?from={Instant(from)}&to={Instant(to)}")).As<AlignmentDiff>();
                var before = await Alignment(from);
                var after = await Alignment(to);
                foreach (var cell in diff.Changes)
                {
                    cell.Before.ShouldBe(before.Scores[cell.Power][cell.Dimension]);
                    cell.After.ShouldBe(after.Scores[cell.Power][cell.Dimension]);
                    (cell.Causes.Sum(c => c.Delta) + cell.OtherCauses.Delta).ShouldBe(cell.After - cell.Before,
                        $"{cell.Power} {cell.Dimension} from {from:HH:mm:ss} to {to:HH:mm:ss}");
                }
            }
        }
    }

    [Fact]
    public async Task the_unresolved_contradictions_as_of_an_instant_are_those_of_the_same_prefix_of_the_ledger()
    {
        const string text = "Officials in Bishkek disagreed about where trade with China is heading this year.";
        await Api.Post("/api/sources", Samples.Source(text + " (alpha)", id: "alpha", carrier: "Alpha News"));
        await Api.Post("/api/sources", Samples.Source(text + " (beta)", id: "beta", carrier: "Beta Post"));
        object Claim(string source, string direction, string said = "") => new
        {
            subject = "KG", statement = $"Kyrgyz trade with China moved {direction}{said}.", validTime = "2024",
            effects = new[] { new { power = "CN", dimension = "economic", direction, strength = 1 } },
            evidence = Samples.Evidence(source, text + $" ({source})", "Officials in Bishkek disagreed"),
        };
        var toward = (await Api.Post("/api/claims", Claim("alpha", "toward"))).As<RecordClaimResult>().Id;
        await Api.Post("/api/claims", Claim("beta", "away"));
        var standing = Fixture.Clock.GetUtcNow();

        // The retraction ran first and committed late, stamped two hours on; the two claims after it in the ledger each
        // contradict the claim still in force, stamped now.
        var late = standing.AddHours(2);
        await using (var session = Fixture.Store.LightweightSession())
        {
            var action = session.Events.Append(toward, new ClaimRetracted(toward, "cy", "Misquoted."));
            action.Events[0].Timestamp = late;
            await session.SaveChangesAsync();
        }
        (await Api.Post("/api/claims", Claim("alpha", "toward", " again"))).Code.ShouldBe(201);
        (await Api.Post("/api/claims", Claim("alpha", "toward", " once more"))).Code.ShouldBe(201);
        Fixture.Clock.Advance(TimeSpan.FromHours(3));
        await Fixture.WaitForProjectionsAsync();

        var before = (await Get($"/api/alignments/KG?asOf={Instant(standing.AddMinutes(30))}")).As<AlignmentView>();
        before.UnresolvedContradictions.ShouldBe(1);
        before.ClaimCount.ShouldBe(2);
        var after = (await Get($"/api/alignments/KG?asOf={Instant(late.AddMinutes(1))}")).As<AlignmentView>();
        after.UnresolvedContradictions.ShouldBe(2);
        after.ClaimCount.ShouldBe(3);
    }

    /// <summary>The claim's one effect at this confidence: strength 2 × confidence × reliability B (0.8).</summary>
    private static decimal Contribution(double confidence) => Math.Round(2m * (decimal)confidence * 0.8m, 4);

    private static string Instant(DateTimeOffset t) =>
        Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    private async Task<Reply> Get(string path)
    {
        var reply = await Api.Get(path);
        reply.Code.ShouldBe(200, reply.Body);
        return reply;
    }

    private async Task<AlignmentView> Alignment(DateTimeOffset asOf) => (await Get($"/api/alignments/KZ?asOf={Instant(asOf)}")).As<AlignmentView>();
}
