using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;

namespace ClaimsLedger.Api.Reports;

/// <summary>
/// Builds the report from what the store held at one record time only: events up to the instant, the
/// alignment changes up to it, and claims and sources as they stood then (their documents keep their own history).
/// Nothing read here can move when later events arrive, which is what makes the rendered bytes repeatable.
/// </summary>
public static class AlignmentReportBuilder
{
    public static async Task<AlignmentReport> BuildAsync(IQuerySession session, ReportRequest request, DateTimeOffset asOf, CancellationToken ct)
    {
        asOf = asOf.ToUniversalTime();
        // Not Marten's tombstones (fillers of failed appends' sequence numbers, stamped -infinity): a later failed append
        // would otherwise move an old report's last sequence, and its bytes.
        var last = await session.Events.QueryAllRawEvents().Where(e => e.Timestamp <= asOf && e.StreamKey != Tombstone.StreamKey)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        var subjects = new List<SubjectReport>();
        foreach (var subject in request.Subjects)
            subjects.Add(await SubjectAsync(session, request.Query with { Subject = subject, AsOf = asOf }, asOf, ct));
        return new AlignmentReport(asOf, last?.Sequence ?? 0, request.Query.ValidFrom?.Text, request.Query.ValidTo?.Text,
            request.Query.PublishedBy?.Text, AlignmentReport.ListedClaims, subjects);
    }

    private static async Task<SubjectReport> SubjectAsync(IQuerySession session, AlignmentQuery query, DateTimeOffset asOf, CancellationToken ct)
    {
        var (cells, at) = await AlignmentReader.AsOfAsync(session, query.Subject, asOf, ct);
        IReadOnlyList<ClaimContribution> listed;
        IReadOnlyList<ValidTimeSeries> validTime;
        IReadOnlyList<RecordTimeSeries> recordTime;
        if (query.SumsContributions)
        {
            // A valid-time window or a publication cut-off has no cells of its own: every span opened by then within the window,
            // at its value by the cut-off, gives the record-time line, and those still in force the scores, the heaviest claims
            // and the valid-time chart.
            var spans = await AlignmentReader.OpenedByAsync(session, query, at, ct);
            var valid = AlignmentReader.InForce(spans, query, at);
            cells = AlignmentCells.Of(valid);
            listed = Heaviest(valid, valid);
            validTime = ReportSeries.ValidTime(valid, query);
            recordTime = await ReportSeries.FromSpansAsync(session, query.Subject, spans, at, ct);
        }
        else
        {
            // The cells hold the scores: the heaviest contributions come through the weight index and the chart is summed by
            // PostgreSQL, so a report of a busy subject reads what it lists, not every contribution.
            var heaviest = await AlignmentReader.HeaviestAsync(session, query.Subject, at, AlignmentReport.ContributionsListed, ct);
            var claimIds = heaviest.Select(c => c.ClaimId).Distinct(StringComparer.Ordinal).ToList();
            listed = Heaviest(heaviest, await AlignmentReader.OfClaimsAsync(session, query.Subject, claimIds, at, ct));
            validTime = await ReportSeries.ValidTimeAsync(session, query, at, ct);
            recordTime = await ReportSeries.FromSnapshotsAsync(session, query.Subject, asOf, ct);
        }
        var (label, leader) = cells.Label();
        var scores = cells.View().Select(p => new PowerScore(p.Key, Fixed(p.Value[ScoreCell.OverallName]),
            AlignmentReport.Columns.Skip(1).Select(d => new DimensionScore(d, Fixed(p.Value[d]))).ToList())).ToList();

        // The claims behind the heaviest contributions, each listed with everything it contributes; the scores above
        // and the claim count still cover every contribution.
        var groups = listed.GroupBy(c => c.ClaimId)
            .OrderByDescending(g => g.Sum(c => Math.Abs(c.Contribution))).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var held = (await session.LoadManyAsync<ClaimDetails>(ct, groups.Select(g => g.Key))).ToDictionary(c => c.Id);
        var claims = new List<ReportClaim>();
        var quotes = new List<(string SourceId, ReportQuote Quote)>();
        foreach (var group in groups)
        {
            // A contributing claim exists at asOf by construction; it is read as the ledger held it then.
            var claim = held.GetValueOrDefault(group.Key)?.AsOf(asOf)
                        ?? throw new InvalidOperationException($"Claim '{group.Key}' contributes as of {asOf:O} but did not exist then.");
            claims.Add(new ReportClaim(claim.Id, claim.Statement, claim.Status.ToString().ToLowerInvariant(), claim.ValidTime, claim.Confidence,
                Fixed(group.Sum(c => Math.Abs(c.Contribution))),
                group.Order(Comparer<ClaimContribution>.Create(ClaimContribution.Order))
                    .Select(c => new ReportContribution(c.Power, c.Dimension.Name(), Fixed(c.Contribution))).ToList()));
            quotes.AddRange(claim.Sources.Select(s => (s.SourceId, new ReportQuote(claim.Id, s.Role, s.Start, s.End, s.Quote))));
            quotes.AddRange(claim.Contestations.Where(c => c.SourceId is not null)
                .Select(c => (c.SourceId!, new ReportQuote(claim.Id, "contested", c.Start ?? 0, c.End ?? 0, c.Quote ?? ""))));
        }

        var cited = await CitedSource.LoadAsync(session, quotes.Select(q => q.SourceId).Distinct().ToArray(), ct);
        // By a publication cut-off, only the passages of sources published by then are the evidence the scores count.
        if (query.FiltersPublication) quotes.RemoveAll(q => cited.GetValueOrDefault(q.SourceId)?.PublishedEnd > query.PublicationCutOff);
        var sources = new List<ReportSource>();
        foreach (var bySource in quotes.GroupBy(q => q.SourceId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var source = cited.GetValueOrDefault(bySource.Key);
            var standing = source?.StandingAsOf(asOf)
                           ?? throw new InvalidOperationException($"Source '{bySource.Key}' is cited as of {asOf:O} but was not registered then.");
            sources.Add(new ReportSource(source.Id, source.Title, source.Carrier, source.OriginalPublisher, source.Published,
                source.PublishedPrecision.ToString().ToLowerInvariant(), source.PublishedApproximate,
                standing.Grade?.ToString() ?? "ungraded", standing.Retracted,
                bySource.Select(q => q.Quote).Distinct()
                    .OrderBy(q => q.ClaimId, StringComparer.Ordinal).ThenBy(q => q.Start).ThenBy(q => q.End)
                    .ThenBy(q => q.Role, StringComparer.Ordinal).ThenBy(q => q.Quote, StringComparer.Ordinal).ToList()));
        }

        return new SubjectReport(query.Subject, label, leader, cells.ClaimCount, scores, claims, sources,
            recordTime, validTime);
    }

    /// <summary>Everything the claims behind the <see cref="AlignmentReport.ContributionsListed"/> heaviest contributions contribute.</summary>
    private static List<ClaimContribution> Heaviest(IEnumerable<ClaimContribution> candidates, IEnumerable<ClaimContribution> ofClaims)
    {
        var heaviest = candidates.Order(Comparer<ClaimContribution>.Create(ClaimContribution.ByWeight)).Take(AlignmentReport.ContributionsListed)
            .Select(c => c.ClaimId).ToHashSet(StringComparer.Ordinal);
        return ofClaims.Where(c => heaviest.Contains(c.ClaimId)).ToList();
    }

    /// <summary>
    /// Four decimals, always with scale 4: a decimal keeps the trailing zeros of how it was computed (0.8 vs 0.80),
    /// and a snapshot-based read may compute the same score another way than a replay.
    /// </summary>
    public static decimal Fixed(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero) + 0.0000m;
}
