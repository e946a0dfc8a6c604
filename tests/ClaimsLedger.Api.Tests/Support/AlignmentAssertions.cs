using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Tests.Support;

public static class AlignmentAssertions
{
    /// <summary>
    /// Every score cell equals the sum of the contributions it includes ("overall": every dimension of the power), all
    /// of them, read page by page from /contributions; and the alignment's own list is the heaviest of them.
    /// </summary>
    public static async Task EachScoreShouldBeTheSumOfItsContributions(this AlignmentView alignment, LedgerApi api)
    {
        var all = new List<ContributionView>();
        var clocks = string.Concat(
            alignment.AsOf is { } asOf ? $"&asOf={Uri.EscapeDataString(asOf.ToString("O"))}" : "",
            alignment.ValidFrom is { } from ? $"&validFrom={from}" : "",
            alignment.ValidTo is { } to ? $"&validTo={to}" : "",
            alignment.PublishedBy is { } publishedBy ? $"&publishedBy={Uri.EscapeDataString(publishedBy)}" : "");
        long total;
        for (var page = 1; ; page++)
        {
            var reply = await api.Get($"/api/alignments/{alignment.Subject}/contributions?page={page}&pageSize=200{clocks}");
            reply.Code.ShouldBe(200, reply.Body);
            var items = reply.As<Paged<ContributionView>>();
            all.AddRange(items.Items);
            total = items.Total;
            // Read to the last page, not to the total the pages state, so a wrong total cannot hide contributions.
            if (items.Items.Count < 200) break;
        }
        all.Count.ShouldBe(alignment.ContributionCount);
        total.ShouldBe(all.Count, "the total the pages state");
        foreach (var (power, byDimension) in alignment.Scores)
        {
            foreach (var (dimension, score) in byDimension)
            {
                var sum = all.Where(c => c.Power == power && (dimension == "overall" || c.Dimension == dimension)).Sum(c => c.Contribution);
                score.ShouldBe(sum, $"{power}.{dimension}");
            }
        }
        alignment.Contributions.ShouldBe(all.Take(alignment.Contributions.Count));
    }
}
