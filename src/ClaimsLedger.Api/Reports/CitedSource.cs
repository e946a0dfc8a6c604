using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Reports;

/// <summary>What a report shows of a source it cites, read without the source's text (up to 2 million characters).</summary>
public sealed record CitedSource(string Id, string Title, string Carrier, string? OriginalPublisher, string Published,
    DatePrecision PublishedPrecision, bool PublishedApproximate, DateTimeOffset RegisteredAt, List<SourceGrading> Gradings, DateTimeOffset? RetractedAt)
{
    public SourceStanding? StandingAsOf(DateTimeOffset instant) => SourceStanding.AsOf(RegisteredAt, Gradings, RetractedAt, instant);

    /// <summary>The end of the publication period: the source counts by a publication cut-off no earlier than this.</summary>
    public DateTimeOffset? PublishedEnd => PartialDate.TryParse(Published, out var date) ? date.End : null;

    public static async Task<Dictionary<string, CitedSource>> LoadAsync(IQuerySession session, string[] ids, CancellationToken ct) =>
        (await session.Query<SourceDetails>().Where(s => ids.Contains(s.Id))
            .Select(s => new CitedSource(s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Published, s.PublishedPrecision, s.PublishedApproximate,
                s.RegisteredAt, s.Gradings, s.RetractedAt))
            .ToListAsync(ct)).ToDictionary(s => s.Id);
}
