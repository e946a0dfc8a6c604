using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// The history by a publication cut-off is every change of the subject with its deltas valued at the cut-off: the same entries,
/// cells, befores and afters and total, on every page, with or without a window of record time, over a ledger whose
/// contributions step up at their sources' publications.
/// </summary>
public sealed class HistoryByCutOffTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const int PageSize = 37;

    [Fact]
    public async Task every_page_is_the_replay_of_every_change_valued_at_the_cut_off()
    {
        var ledger = new SteppedLedger(Fixture, Api);
        var instants = await ledger.WriteAsync();
        var later = instants[^1].AddDays(1);

        var longest = 0;
        foreach (var cut in SteppedLedger.Cuts.Where(c => c.StartsWith("publishedBy=", StringComparison.Ordinal) && !c.Contains('&')))
        {
            var query = SteppedLedger.Query(cut);
            foreach (var (from, to) in new (DateTimeOffset? From, DateTimeOffset? To)[] { (null, null), (instants[0], instants[1]), (null, instants[0]), (instants[1], null) })
            {
                var clocks = (from is { } f ? $"&from={Uri.EscapeDataString(f.ToString("O"))}" : "") + (to is { } t ? $"&to={Uri.EscapeDataString(t.ToString("O"))}" : "");
                var expected = Replayed(query, await ledger.ChangesAsync(to ?? later), from ?? DateTimeOffset.MinValue);
                var read = new List<string>();
                for (var page = 1; ; page++)
                {
                    var reply = (await Api.Get($"/api/alignments/KZ/history?{cut}{clocks}&page={page}&pageSize={PageSize}")).As<Paged<HistoryEntry>>();
                    reply.Total.ShouldBe(expected.Count, $"{cut}{clocks}, page {page}");
                    read.AddRange(reply.Items.Select(e => Describe(e.Sequence, e.Timestamp, e.EventType, e.ClaimId, e.SourceId, e.Actor, e.Reason,
                        e.Changes.Select(c => (c.Power, c.Dimension, c.Before, c.After)))));
                    if (reply.Items.Count < PageSize) break;
                }
                read.ShouldBe(expected, $"{cut}{clocks}");
                longest = Math.Max(longest, read.Count);
            }
        }
        longest.ShouldBeGreaterThan(PageSize * 3, "the history should have run over several pages");
    }

    /// <summary>
    /// The history as the changes give it (the rule the read must equal): every change by then, each of its deltas valued at the
    /// cut-off into the cells it moves, an entry for each change that moved a cell, listed from <paramref name="start"/> on.
    /// </summary>
    private static List<string> Replayed(AlignmentQuery query, IEnumerable<AlignmentChange> changes, DateTimeOffset start)
    {
        var scores = new Dictionary<ScoreCell, decimal>();
        var entries = new List<string>();
        foreach (var change in changes)
        {
            var moved = new Dictionary<ScoreCell, decimal>();
            foreach (var delta in change.Deltas)
                foreach (var cell in ScoreCell.Moved(delta.Power, delta.Dimension)) moved[cell] = moved.GetValueOrDefault(cell) + query.DeltaOf(delta);
            var cells = ScoreCell.Ordered(moved.Where(m => m.Value != 0).Select(m => m.Key)).Select(cell =>
            {
                var before = scores.GetValueOrDefault(cell);
                scores[cell] = before + moved[cell];
                return (cell.Power, cell.DimensionName, before, scores[cell]);
            }).ToList();
            if (cells.Count == 0 || change.Timestamp < start) continue;
            entries.Add(Describe(change.Sequence, change.Timestamp, change.EventType, change.ClaimId, change.SourceId, change.Actor, change.Reason, cells));
        }
        return entries;
    }

    private static string Describe(long sequence, DateTimeOffset at, string eventType, string? claimId, string? sourceId, string? actor, string? reason,
        IEnumerable<(string Power, string Dimension, decimal Before, decimal After)> cells) =>
        $"{sequence} {at.ToUniversalTime():O} {eventType} {claimId} {sourceId} {actor} {reason}: " +
        string.Join(", ", cells.Select(c => $"{c.Power} {c.Dimension} {c.Before:0.############} → {c.After:0.############}"));
}
