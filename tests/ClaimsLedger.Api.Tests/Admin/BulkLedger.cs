using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// A ledger of thousands of events, appended straight to the event store a few hundred streams per transaction: the
/// API would take minutes to record as many one request at a time, and a rebuild only reads the events. The events
/// are the ones the commands record (sources, claims over several subjects and powers, regrades, reviews).
/// </summary>
internal static class BulkLedger
{
    private static readonly string[] Subjects = ["KZ", "KG", "UZ", "AM", "AZ"];
    private static readonly string[] Powers = ["CN", "RU", "TR", "US", "EU"];
    private const string Text = "China became Kazakhstan's largest trading partner, overtaking Russia, according to customs data.";
    private const int Sources = 8, PerTransaction = 500;

    /// <summary>
    /// Appends <paramref name="claims"/> claims (plus their sources, a regrade every 1000 claims and a review every 7th): about
    /// 1.2 events a claim; then <paramref name="regradesAtEnd"/> regrades in a row, the sources in turn, each to another grade.
    /// </summary>
    public static async Task AppendAsync(IDocumentStore store, int claims, int regradesAtEnd = 0)
    {
        await using (var session = store.LightweightSession())
        {
            for (var s = 0; s < Sources; s++)
            {
                session.Events.StartStream(SourceId(s), new SourceRegistered(SourceId(s), $"Bulk report {s}", $"Carrier {s % 3}", null, false, null, "2024",
                    DatePrecision.Year, false, null, "en", Text, $"sha-bulk-{s}", "bulk@example.org"));
            }
            await session.SaveChangesAsync();
        }
        for (var first = 0; first < claims; first += PerTransaction)
        {
            await using var session = store.LightweightSession();
            for (var i = first; i < Math.Min(claims, first + PerTransaction); i++)
            {
                var id = $"clm-bulk-{i}";
                var source = SourceId(i % Sources);
                var effect = new Effect(Powers[i % Powers.Length], (Dimension)(i / 5 % 5), i % 3 == 0 ? Direction.Away : Direction.Toward, 1 + i % 3);
                var events = new List<object>
                {
                    new ClaimExtracted(id, Subjects[i % Subjects.Length], $"Bulk finding {i}.", [effect], $"{2015 + i % 10}", null,
                        new Evidence(source, 0, 20, Text[..20], $"Carrier {i % Sources % 3}"), 0.5 + i % 5 / 10.0, "analyst:bulk", ClaimStatus.Recorded,
                        "bulk@example.org"),
                };
                if (i % 7 == 0) events.Add(new ClaimReviewed(id, ReviewDecision.Accepted, "bulk@example.org", "Checked."));
                session.Events.StartStream(id, events.ToArray());
                if (i % 1000 == 999)
                    session.Events.Append(source, new SourceReliabilityGraded(source, (ReliabilityGrade)(i / 1000 % 5), null, "bulk@example.org", "Regrade."));
            }
            await session.SaveChangesAsync();
        }
        if (regradesAtEnd == 0) return;
        await using var regrades = store.LightweightSession();
        for (var r = 0; r < regradesAtEnd; r++)
        {
            // A source comes round every 8 regrades, 8 grades on (3 modulo the 5 grades): always a different grade, so each regrade re-scores.
            var source = SourceId(r % Sources);
            regrades.Events.Append(source, new SourceReliabilityGraded(source, (ReliabilityGrade)(r % 5), null, "bulk@example.org", "Regrade in a run."));
        }
        await regrades.SaveChangesAsync();
    }

    private static string SourceId(int s) => $"bulk-{s}";
}
