using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Sources;

/// <summary>A source as the API shows it; the full text only where asked for (GET one source).</summary>
public sealed record SourceView(
    string Id,
    string Title,
    string Carrier,
    string? OriginalPublisher,
    bool Syndicated,
    string? Author,
    string Published,
    DatePrecision PublishedPrecision,
    bool PublishedApproximate,
    string? Url,
    string? Language,
    ReliabilityGrade? Reliability,
    string? ReliabilityReason,
    bool Retracted,
    string Sha256,
    int TextLength,
    string? Text,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    long Version,
    ExtractionSummary? Extraction = null)
{
    public static SourceView From(SourceDetails s, bool includeText) => new(
        s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Syndicated, s.Author, s.Published, s.PublishedPrecision,
        s.PublishedApproximate, s.Url, s.Language, s.Reliability, s.ReliabilityReason, s.Retracted, s.Sha256,
        s.Text.Length, includeText ? s.Text : null, s.RegisteredBy, s.RegisteredAt, s.Version);
}
