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
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    long Version,
    string? CopyOf)
{
    /// <summary>The full text: only GET /api/sources/{id} shows it (a copy's is its original's).</summary>
    public string? Text { get; init; }


    /// <summary>In a command's answer only: the ledger position the command reached (see <see cref="CommandOutcome.Position"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Position { get; init; }

    /// <summary>What extracting the source proposed, when registration asked for it.</summary>
    public ExtractionSummary? Extraction { get; init; }

    public static SourceView From(SourceDetails s, bool includeText) => new(
        s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Syndicated, s.Author, s.Published, s.PublishedPrecision,
        s.PublishedApproximate, s.Url, s.Language, s.Reliability, s.ReliabilityReason, s.Retracted, s.Sha256,
        s.TextLength, s.RegisteredBy, s.RegisteredAt, s.Version, s.CopyOf) { Text = includeText ? s.Text : null };

    /// <summary>Sources without their text, read in SQL so a page of sources never loads texts of up to 2 million characters.</summary>
    public static IQueryable<SourceView> WithoutText(IQueryable<SourceDetails> sources) =>
        sources.Select(s => new SourceView(s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Syndicated, s.Author, s.Published, s.PublishedPrecision,
            s.PublishedApproximate, s.Url, s.Language, s.Reliability, s.ReliabilityReason, s.Retracted, s.Sha256, s.TextLength,
            s.RegisteredBy, s.RegisteredAt, s.Version, s.CopyOf));

    public static async Task<SourceView> LoadAsync(IQuerySession query, string id, CancellationToken ct) =>
        await WithoutText(query.Query<SourceDetails>().Where(s => s.Id == id)).SingleAsync(ct);

    /// <summary>How a source command answers: the source as it stands after the command (its projection is inline), without its text.</summary>
    public static async Task<IResult> Respond(CommandOutcome outcome, IQuerySession query, CancellationToken ct) =>
        Results.Ok(await LoadAsync(query, outcome.StreamId, ct) with { Position = outcome.Position });
}
