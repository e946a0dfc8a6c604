using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// A history entry stores its deltas without what it holds once (its claim's id) or what is derived (the move), and no
/// empty member; it loads them whole, in the format it writes and in the one earlier builds wrote.
/// </summary>
public sealed class AlignmentChangeStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset Start = new(2023, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Published = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static AlignmentChange Change(string subject) => new()
    {
        Id = AlignmentChange.IdFor(subject, 12), Subject = subject, Sequence = 12, Timestamp = Start.AddYears(2), EventType = "claim_extracted",
        ClaimId = "clm-own", Actor = "ana", CorrelationId = "c-1", MovesScores = true, Entry = 3, ClaimCount = 2, ContributionCount = 3,
        Changes = [new ScoreChange("CN", "overall", 0m, 1.6m)],
        Deltas =
        [
            // The claim's own contribution starts: nothing before it.
            new ContributionChange("clm-own", "CN", Dimension.Economic, 0m, 1.6m, Start, End)
            {
                BeforeSteps = [], AfterSteps = [new PublicationStep(Published, 1.6m)],
            },
            // Another claim's moves (a merge, a source regraded), unpublished before and after, and without a valid time.
            new ContributionChange("clm-other", "RU", Dimension.Security, -0.5m, -0.8m, null, null) { BeforeSteps = [], AfterSteps = [] },
        ],
    };

    [Fact]
    public async Task deltas_are_stored_without_the_changes_claim_the_move_or_empty_members_and_load_whole()
    {
        var change = Change("ZZ");
        await using (var session = Fixture.Store.LightweightSession())
        {
            AlignmentChange.Rows.Queue(session, [change]);
            await session.SaveChangesAsync();
        }

        var stored = await Fixture.ScalarAsync<string>($"select data::text from {DocumentTable.Of<AlignmentChange>(Fixture.Store)} where subject = 'ZZ'");
        using (var json = JsonDocument.Parse(stored!))
        {
            var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            names.ShouldNotContain("sourceId");
            names.ShouldNotContain("reason");
            names.ShouldContain("claimId");
            json.RootElement.GetProperty("deltas").EnumerateArray()
                .Select(d => string.Join(",", d.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)))
                .ShouldBe(["after,afterSteps,before,dimension,power,validEnd,validStart", "after,afterSteps,before,beforeSteps,claimId,dimension,power"]);
        }

        await using var query = Fixture.Store.QuerySession();
        var loaded = (await query.Query<AlignmentChange>().Where(c => c.Subject == "ZZ").ToListAsync()).ShouldHaveSingleItem();
        Loaded(loaded).ShouldBe(Loaded(change));
    }

    [Fact]
    public async Task an_entry_stored_by_an_earlier_build_with_each_deltas_claim_and_move_loads_the_same()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(AlignmentChange));
        // As earlier builds wrote it: every member of ContributionChange, the move too, and the null members.
        await Fixture.ExecuteSqlAsync($$"""
            insert into {{DocumentTable.Of<AlignmentChange>(Fixture.Store)}} (id, data, subject, sequence, "timestamp", moves_scores, entry)
            values ('YY:12', '{"id": "YY:12", "actor": "ana", "entry": 3, "reason": null, "claimId": "clm-own", "subject": "YY", "sequence": 12,
              "sourceId": null, "eventType": "claim_extracted", "timestamp": "2025-05-01T00:00:00+00:00", "claimCount": 2, "movesScores": true,
              "correlationId": "c-1", "contributionCount": 3, "powerContributions": {}, "changes": [["CN", "overall", 0, 1.6]],
              "deltas": [{"after": 1.6, "delta": 1.6, "power": "CN", "before": 0, "claimId": "clm-own", "validEnd": "2024-01-01T00:00:00+00:00",
                  "dimension": "Economic", "afterSteps": [["2023-06-01T00:00:00Z", 1.6]], "validStart": "2023-05-01T00:00:00+00:00", "beforeSteps": []},
                {"after": -0.8, "delta": -0.3, "power": "RU", "before": -0.5, "claimId": "clm-other", "validEnd": null, "dimension": "Security",
                  "afterSteps": [], "validStart": null, "beforeSteps": []}]}', 'YY', 12, '2025-05-01T00:00:00Z', true, 3)
            """);

        await using var query = Fixture.Store.QuerySession();
        var loaded = (await query.Query<AlignmentChange>().Where(c => c.Subject == "YY").ToListAsync()).ShouldHaveSingleItem();
        Loaded(loaded).ShouldBe(Loaded(Change("YY")));
    }

    /// <summary>What a reader of an entry sees: its members, and each delta's values, its move and its move by a publication cut-off before and after the steps.</summary>
    private static string Loaded(AlignmentChange c) =>
        $"{c.Sequence} {c.EventType} {c.ClaimId} {c.SourceId} {c.Actor} {c.Reason} {c.CorrelationId} {c.Entry} {c.ClaimCount} {c.ContributionCount} "
        + string.Join(" | ", c.Changes) + " || "
        + string.Join(" | ", c.Deltas.Select(d => $"{d.ClaimId} {d.Power} {d.Dimension} {d.Before} {d.After} {d.Delta} {d.ValidStart:O} {d.ValidEnd:O} "
            + $"{d.DeltaPublishedBy(Published.AddDays(-1))} {d.DeltaPublishedBy(Published)}"));
}
