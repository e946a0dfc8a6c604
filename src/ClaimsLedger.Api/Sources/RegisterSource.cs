using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Sources;

/// <summary>The body of POST /api/sources (and of a seed article).</summary>
/// <param name="Id">The id to register the source under: a slug of lower-case letters, digits and hyphens, 1 to 100 characters, not starting with <c>clm-</c>, <c>rebuild-</c> or <c>sub-</c>. Omit to have one made from the title and the text's hash.</param>
/// <param name="Title">The document's headline or title; at most 500 characters.</param>
/// <param name="Carrier">Who published this copy (a newspaper, a wire, a ministry's site); at most 200 characters.</param>
/// <param name="OriginalPublisher">Who first published the text when this copy is syndicated (a wire agency); at most 200 characters. Copies with the same original publisher count as one independent source. Omit when the carrier wrote it.</param>
/// <param name="Syndicated">Whether this copy republishes another publisher's text; default false.</param>
/// <param name="Author">The byline; at most 200 characters; omit when unknown.</param>
/// <param name="Published">When the document was published: a year (<c>2024</c>), a month (<c>2024-01</c>), a day (<c>2024-01-20</c>) or an instant (<c>2024-01-20T08:30:00Z</c>), years 1000 to 2999. The extractor resolves relative times ("last year") against it.</param>
/// <param name="PublishedApproximate">True when the publication date is an estimate (an undated page); default false.</param>
/// <param name="Url">Where the document can be read: an absolute http(s) URL; omit when there is none.</param>
/// <param name="Language">The text's language as a BCP 47 tag (<c>en</c>, <c>ru</c>, <c>kk</c>); omit when unknown.</param>
/// <param name="Reliability">An Admiralty grade to start with, A (completely reliable) to F (cannot be judged); omit to leave the source ungraded (weighted as F).</param>
/// <param name="ReliabilityReason">Why that grade; at most 2000 characters. Recorded with the grading; ignored without a grade.</param>
/// <param name="Text">The document's full text, at most 2,000,000 characters (200,000 with <c>extract</c>). Evidence offsets count UTF-16 code units into it. The same text always resolves to the same source.</param>
/// <param name="Extract">True to have the extractor propose claims from the text as it is registered (status proposed, counting for nothing until accepted); the answer then says what it proposed. Default false.</param>
public sealed record RegisterSourceRequest(
    string? Id,
    [property: Required] string? Title,
    [property: Required] string? Carrier,
    string? OriginalPublisher,
    bool? Syndicated,
    string? Author,
    [property: Required] string? Published,
    bool? PublishedApproximate,
    string? Url,
    string? Language,
    string? Reliability,
    string? ReliabilityReason,
    [property: Required] string? Text,
    bool? Extract = null)
{
    public const int MaxTextLength = 2_000_000;

    public RegisterSource ToCommand(FieldErrors errors)
    {
        if (Id is not null && !SourceIds.IsValid(Id)) errors.Add("id", SourceIds.Rule);
        var title = errors.Require(Title, "title", 500);
        var carrier = errors.Require(Carrier, "carrier", 200);
        errors.Optional(OriginalPublisher, "originalPublisher", 200);
        errors.Optional(Author, "author", 200);
        var published = PartialDate.Read(Published, "published", errors);
        if (Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("url", "must be an absolute http(s) URL.");
        if (Language is not null && !Regex.IsMatch(Language, "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
            errors.Add("language", "must be a BCP 47 language tag such as en or ru.");
        ReliabilityGrade? grade = null;
        if (Reliability is not null)
        {
            if (Enum.TryParse<ReliabilityGrade>(Reliability, ignoreCase: false, out var parsed) && Reliability.Length == 1) grade = parsed;
            else errors.Add("reliability", "must be an Admiralty grade A, B, C, D, E or F.");
        }
        errors.Optional(ReliabilityReason, "reliabilityReason", 2000);
        if (string.IsNullOrEmpty(Text)) errors.Add("text", "is required: the full text of the source.");
        else if (Text.Length > MaxTextLength) errors.TooLarge("text", $"must be at most {MaxTextLength} characters; split longer documents into parts.");
        else if (Extract == true && Text.Length > PreviewExtraction.MaxTextLength)
            errors.TooLarge("text", $"must be at most {PreviewExtraction.MaxTextLength} characters to be extracted; register it without extract.");
        return new RegisterSource(Id, title, carrier, OriginalPublisher?.Trim(), Syndicated ?? false, Author?.Trim(), published,
            PublishedApproximate ?? false, Url, Language, grade, ReliabilityReason?.Trim(), Text ?? "");
    }
}

/// <summary>
/// Registers a document. The same id with the same text is the same registration again (a retry): nothing changes. The same
/// text under another id from the same carrier is the same document sent again: the answer is the source that already holds
/// it. The same text from another carrier is a syndicated copy: a source of its own (id, carrier, date, grade) that shares
/// the first one's text, stored once, and its original publisher (so it is the same voice), unless the copy names another.
/// The same id with another text is a conflict: a corrected text is a new source.
/// </summary>
public sealed record RegisterSource(string? Id, string Title, string Carrier, string? OriginalPublisher, bool Syndicated, string? Author,
    PartialDate? Published, bool PublishedApproximate, string? Url, string? Language, ReliabilityGrade? Reliability, string? ReliabilityReason,
    string Text) : ILedgerCommand
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    public string SourceId => Id ?? $"{SourceIds.Slug(Title)}-{Sha256[..8]}";

    public static Decision Decide(SourceState? sameId, SourceText? sameText, RegisterSource command, string actor)
    {
        if (sameId is not null)
            return sameId.Sha256 == command.Sha256 ? Decision.AlreadyAt(sameId.Id) : Decision.Refuse(Refusal.Conflict(
                $"Source '{command.SourceId}' is already registered with a different text; a corrected text is a new source with its own id."));
        if (sameText is not null && IndependenceKeys.For(null, sameText.Carrier) == IndependenceKeys.For(null, command.Carrier))
            return Decision.AlreadyAt(sameText.SourceId);

        var id = command.SourceId;
        var published = command.Published ?? throw new InvalidOperationException("A source command always carries its publication date.");
        var registered = sameText is null
            ? new SourceRegistered(id, command.Title, command.Carrier, command.OriginalPublisher, command.Syndicated, command.Author,
                published.Text, published.Precision, command.PublishedApproximate, command.Url, command.Language, command.Text, command.Sha256, actor,
                TextLength: command.Text.Length)
            : new SourceRegistered(id, command.Title, command.Carrier, command.OriginalPublisher ?? sameText.OriginalPublisher ?? sameText.Carrier,
                Syndicated: true, command.Author, published.Text, published.Precision, command.PublishedApproximate, command.Url, command.Language,
                Text: "", command.Sha256, actor, CopyOf: sameText.SourceId, TextLength: command.Text.Length);
        return command.Reliability is { } grade
            ? Decision.Create(registered, new SourceReliabilityGraded(id, grade, null, actor, command.ReliabilityReason ?? "Graded at registration."))
            : Decision.Create(registered);
    }
}


public static class RegisterSourceHandler
{
    public static (Events, CommandOutcome) Handle(RegisterSource command, [WriteAggregate(nameof(RegisterSource.SourceId), Required = false)] SourceState? source,
        [Entity(nameof(RegisterSource.Sha256), Required = false)] SourceText? sameText, Envelope envelope) =>
        Decide.OnNewOrExisting(command.SourceId, source, existing => RegisterSource.Decide(existing, sameText, command, Actors.Of(envelope)));

    /// <summary>Registers a source document with its full text, so claims can cite passages of it.</summary>
    /// <remarks>
    /// The text identifies the source (by its SHA-256): registering the same text again answers 200 with the source already
    /// registered, whatever id or title is given; the same id with a different text is refused (409), since a corrected text
    /// is a new source. A new source answers 201 with its Location. With <c>extract: true</c> the extractor's proposals are
    /// recorded as proposed claims and summarised in <c>extraction</c>.
    /// </remarks>
    [WolverinePost("/api/sources", OperationId = "RegisterSource")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status201Created)]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public static Task<IResult> Post(RegisterSourceRequest? body, HttpContext http, IMessageContext bus)
    {
        RegisterSource? command = null;
        return bus.SendAsync(http, body, (b, _, errors) => command = b.ToCommand(errors), async (outcome, query, ct) =>
        {
            var view = await SourceView.LoadAsync(query, outcome.StreamId, ct) with { Position = outcome.Position };
            if (body?.Extract == true && command is not null)
            {
                view = view with { Extraction = await ProposeClaims.FromAsync(bus, command with { Id = outcome.StreamId }, ct) };
                // The proposed claims were committed after the source: the answer names the last position, so a read given it
                // sees them too.
                if (CommittedPositions.Of(http).Highest is { } last && last > (view.Position ?? 0))
                {
                    view = view with { Position = last };
                    LedgerPosition.Answer(http, last);
                }
            }
            return outcome.Outcome == Outcome.Created ? Results.Created($"/api/sources/{view.Id}", view) : Results.Ok(view);
        });
    }
}

public static partial class SourceIds
{
    public const string Rule =
        "must be a slug: lower-case letters, digits and hyphens, 1 to 100 characters, starting with a letter or digit, " +
        "and not starting with a prefix reserved for other kinds of stream (clm-, rebuild-, sub-, ctr-).";

    public static bool IsValid(string id) => SlugPattern().IsMatch(id) && !StreamIds.IsReserved(id);

    public static string Slug(string title)
    {
        var slug = NonSlug().Replace(title.ToLowerInvariant().Normalize(NormalizationForm.FormKD), "-").Trim('-');
        slug = slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
        slug = slug.Length == 0 ? "source" : slug;
        // A title such as "CLM - …" must not slug into a claim's prefix.
        return StreamIds.IsReserved(slug) ? "src-" + slug : slug;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
