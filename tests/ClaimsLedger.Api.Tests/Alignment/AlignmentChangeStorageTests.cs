using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// A history entry stores its deltas as arrays of their values, without what it holds once (its claim's id) or what is derived
/// (the move), and no empty member; it loads them whole, in the format it writes and in the ones earlier builds wrote, and
/// the report's valid-time totals read them in SQL as it does.
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
            // Each delta its values in order: the claim's own without its id or its empty steps before, the other with nulls
            // where a later value is set.
            JsonSerializer.Serialize(json.RootElement.GetProperty("deltas")).ShouldBe(
                """[["CN","Economic",0,1.6,"2023-05-01Z","2024-01-01Z",[["2023-06-01Z",1.6]]],"""
                + """["RU","Security",-0.5,-0.8,null,null,[],[],"clm-other"]]""");
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

    [Fact]
    public async Task the_valid_time_totals_fold_deltas_of_every_stored_form_as_the_entries_apply_them()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(AlignmentChange));
        // The fifty-sixth round's form (objects without the entry's claim), then this one's (arrays), for one subject.
        await Fixture.ExecuteSqlAsync($$"""
            insert into {{DocumentTable.Of<AlignmentChange>(Fixture.Store)}} (id, data, subject, sequence, "timestamp", moves_scores, entry)
            values ('XW:12', '{"id": "XW:12", "entry": 1, "claimId": "clm-own", "subject": "XW", "sequence": 12, "eventType": "claim_extracted",
              "timestamp": "2025-05-01T00:00:00+00:00", "claimCount": 2, "movesScores": true, "contributionCount": 2, "powerContributions": {},
              "changes": [], "deltas": [{"after": 1.6, "power": "CN", "before": 0, "validEnd": "2024-01-01T00:00:00+00:00", "dimension": "Economic",
                  "afterSteps": [], "validStart": "2023-05-01T00:00:00+00:00"},
                {"after": 0.7, "power": "RU", "before": 0, "claimId": "clm-second", "validEnd": "2021-01-01T00:00:00+00:00", "dimension": "Security",
                  "afterSteps": [], "validStart": "2019-03-01T00:00:00+00:00"}]}', 'XW', 12, '2025-05-01T00:00:00Z', true, 1)
            """);
        var later = new AlignmentChange
        {
            Id = AlignmentChange.IdFor("XW", 13), Subject = "XW", Sequence = 13, Timestamp = Start.AddYears(3), EventType = "claim_retracted",
            ClaimId = "clm-own", MovesScores = true, Entry = 2, ClaimCount = 1, ContributionCount = 2,
            Deltas =
            [
                new ContributionChange("clm-own", "CN", Dimension.Economic, 1.6m, 0m, Start, End) { BeforeSteps = [], AfterSteps = [] },
                new ContributionChange("clm-third", "CN", Dimension.Economic, 0m, -0.25m, Start, End) { BeforeSteps = [], AfterSteps = [] },
                new ContributionChange("clm-fourth", "RU", Dimension.Energy, 0m, 0.4m, null, null) { BeforeSteps = [], AfterSteps = [] },
            ],
        };
        await using (var session = Fixture.Store.LightweightSession())
        {
            AlignmentChange.Rows.Queue(session, [later]);
            await session.SaveChangesAsync();
        }

        await using var query = Fixture.Store.QuerySession();
        var folded = new ValidTimeTotals { Subject = "XW" };
        await folded.FoldChangesAsync(query, null, CancellationToken.None);
        var applied = new ValidTimeTotals { Subject = "XW" };
        foreach (var change in await query.Query<AlignmentChange>().Where(c => c.Subject == "XW").OrderBy(c => c.Sequence).ToListAsync())
            applied.Apply(change.Deltas, change.Sequence);

        Ranges(applied).ShouldBe("CN|2023|2023 = 1, -0.25; RU|2019|2020 = 1, 0.7");
        Ranges(folded).ShouldBe(Ranges(applied));
    }

    private static string Ranges(ValidTimeTotals totals) =>
        string.Join("; ", totals.Ranges.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} = {r.Value.Count}, {r.Value.Total}"));

    /// <summary>What a reader of an entry sees: its members, and each delta's values, its move and its move by a publication cut-off before and after the steps.</summary>
    private static string Loaded(AlignmentChange c) =>
        $"{c.Sequence} {c.EventType} {c.ClaimId} {c.SourceId} {c.Actor} {c.Reason} {c.CorrelationId} {c.Entry} {c.ClaimCount} {c.ContributionCount} "
        + string.Join(" | ", c.Changes) + " || "
        + string.Join(" | ", c.Deltas.Select(d => $"{d.ClaimId} {d.Power} {d.Dimension} {d.Before} {d.After} {d.Delta} {d.ValidStart:O} {d.ValidEnd:O} "
            + $"{d.DeltaPublishedBy(Published.AddDays(-1))} {d.DeltaPublishedBy(Published)}"));
}
