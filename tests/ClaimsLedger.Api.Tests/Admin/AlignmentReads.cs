using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>A subject's alignment and a page of its contributions as a reader sees them, and reads of them kept up during some work.</summary>
internal static class AlignmentReads
{
    private const string Page = "page=2&pageSize=25";

    /// <summary>
    /// What a reader sees: the alignment's cells (scores, counts, label), its top contributions, and the second page of its
    /// contributions with their total, as text, with numbers as values (1.20 and 1.2 alike). Positions are left out: the
    /// current read and an as-of read of the same state report them differently. Each part is one query, so each shows
    /// one state of the alignment; a read is several queries, so while claims arrive its parts may show adjacent states.
    /// </summary>
    public sealed record Seen(string Cells, string Top, long ContributionTotal, string ContributionPage)
    {
        public static readonly IReadOnlyList<Func<Seen, object>> Parts = [s => s.Cells, s => s.Top, s => s.ContributionTotal, s => s.ContributionPage];
    }

    public static async Task<Seen> ReadAsync(LedgerApi api, string subject, DateTimeOffset? asOf = null)
    {
        var clock = asOf is { } at ? $"asOf={Uri.EscapeDataString(at.ToString("O"))}" : "";
        var alignment = await api.Get($"/api/alignments/{subject}?{clock}");
        var page = await api.Get($"/api/alignments/{subject}/contributions?{Page}&{clock}");
        alignment.Code.ShouldBe(200, alignment.Body);
        page.Code.ShouldBe(200, page.Body);
        return Of(alignment.As<AlignmentView>(), page.As<Paged<ContributionView>>());
    }

    /// <summary>Reads the alignment and the page, each over and over, until <paramref name="work"/> has finished.</summary>
    public static async Task<(IReadOnlyList<Seen> Reads, T Result)> ThroughoutAsync<T>(LedgerApi api, string subject, Func<Task<T>> work)
    {
        var reads = new ConcurrentQueue<Seen>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) reads.Enqueue(await ReadAsync(api, subject));
        })).ToArray();
        T result;
        try
        {
            result = await work();
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
        return (reads.ToList(), result);
    }

    private static Seen Of(AlignmentView a, Paged<ContributionView> page) => new(
        JsonSerializer.Serialize(new
        {
            a.Label, a.LeadingPower, a.ClaimCount, a.ContributionCount,
            Scores = a.Scores.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}: {string.Join(", ", p.Value.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={Number(d.Value)}"))}"),
        }),
        string.Join("; ", a.Contributions.Select(Text)),
        page.Total,
        string.Join("; ", page.Items.Select(Text)));

    private static string Text(ContributionView c) => $"{c.ClaimId} {c.Power} {c.Dimension} {Number(c.Contribution)}";

    // Dividing by 1.000… drops trailing zeros, so equal values print alike whichever path summed them.
    private static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
