using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Sources;

/// <summary>A source as the API shows it; the full text only where asked for (GET one source).</summary>
/// <param name="Id">The source's id: the one given at registration, or a slug of the title and the text's hash.</param>
/// <param name="Title">The document's headline or title.</param>
/// <param name="Carrier">Who published this copy.</param>
/// <param name="OriginalPublisher">Who first published the text, for a syndicated copy; null when the carrier wrote it.</param>
/// <param name="Syndicated">Whether this copy republishes another publisher's text.</param>
/// <param name="Author">The byline; null when unknown.</param>
/// <param name="Published">When the document was published, as given: a year, month, day or instant (<c>2024-01-20</c>).</param>
/// <param name="PublishedPrecision">How precisely <c>published</c> is known.</param>
/// <param name="PublishedApproximate">True when the publication date is an estimate.</param>
/// <param name="Url">Where the document can be read; null when there is none.</param>
/// <param name="Language">The text's language as a BCP 47 tag; null when unknown.</param>
/// <param name="Reliability">The current Admiralty grade; null when the source has not been graded (it then weighs as F, 0.5).</param>
/// <param name="ReliabilityReason">Why the current grade was given; null when ungraded.</param>
/// <param name="Retracted">True once the source is withdrawn: it no longer counts as evidence for any claim.</param>
/// <param name="Sha256">The SHA-256 of the text's UTF-8 bytes, lower-case hex: the source's identity.</param>
/// <param name="TextLength">The text's length in UTF-16 code units: evidence offsets lie in [0, textLength].</param>
/// <param name="RegisteredBy">Who registered the source.</param>
/// <param name="RegisteredAt">When the ledger registered the source (record time, UTC, ISO 8601).</param>
/// <param name="Version">The source stream's version: the number of its events. It is the ETag; send it as If-Match or expectedVersion.</param>
/// <param name="CopyOf">The source this one is a syndicated copy of (the first registered with the same text, from another carrier); its text is stored once, with that source. Null for an original.</param>
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

    /// <summary>What extracting the source proposed: only in the answer to a registration that asked for it (<c>extract: true</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
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
