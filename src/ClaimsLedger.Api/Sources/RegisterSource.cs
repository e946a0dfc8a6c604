using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Time;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Sources;

public sealed record RegisterSource(
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

    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        if (Id is not null && !SourceIds.IsValid(Id)) errors.Add("id", SourceIds.Rule);
        errors.Require(Title, "title", 500);
        errors.Require(Carrier, "carrier", 200);
        errors.Optional(OriginalPublisher, "originalPublisher", 200);
        errors.Optional(Author, "author", 200);
        if (!PartialDate.TryParse(Published, out _))
            errors.Add("published", "is required: a year (2024), a month (2024-07), a day (2024-07-02) or an instant (2024-07-02T10:00:00Z).");
        if (Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("url", "must be an absolute http(s) URL.");
        if (Language is not null && !Regex.IsMatch(Language, "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
            errors.Add("language", "must be a BCP 47 language tag such as en or ru.");
        if (Reliability is not null && !Enum.TryParse<ReliabilityGrade>(Reliability, ignoreCase: false, out _))
            errors.Add("reliability", "must be an Admiralty grade A, B, C, D, E or F.");
        errors.Optional(ReliabilityReason, "reliabilityReason", 2000);
        if (string.IsNullOrEmpty(Text)) errors.Add("text", "is required: the full text of the source.");
        else if (Text.Length > MaxTextLength) errors.Add("text", $"must be at most {MaxTextLength} characters; split longer documents into parts.");
        return errors;
    }

    public static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The same text always yields the same id, so a retried registration finds its first attempt.</summary>
    public string ResolveId(string sha256) => Id ?? $"{SourceIds.Slug(Title!)}-{sha256[..8]}";

    public IEnumerable<object> ToEvents(string id, string sha256, string actor)
    {
        PartialDate.TryParse(Published, out var published);
        yield return new SourceRegistered(id, Title!.Trim(), Carrier!.Trim(), OriginalPublisher?.Trim(), Syndicated ?? false,
            Author?.Trim(), published.Text, published.Precision, PublishedApproximate ?? false, Url, Language, Text!, sha256, actor);
        if (Reliability is not null)
            yield return new SourceReliabilityGraded(id, Enum.Parse<ReliabilityGrade>(Reliability), null, actor,
                ReliabilityReason ?? "Graded at registration.");
    }
}

public static class RegisterSourceEndpoint
{
    [WolverinePost("/api/sources", OperationId = "RegisterSource")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status201Created)]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public static async Task<IResult> Post(RegisterSource? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!Actor.TryRead(context, out var actor, out var problem)) return problem;
        if (command is null) return Problems.Invalid("body", "a JSON object describing the source is required.");
        var errors = command.Validate();
        if (errors.Any) return errors.ToProblem(command.Text?.Length > RegisterSource.MaxTextLength ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        if (command.Extract == true && command.Text!.Length > PreviewExtraction.MaxTextLength)
            return Problems.Invalid("text", $"must be at most {PreviewExtraction.MaxTextLength} characters to be extracted; register it without extract.", StatusCodes.Status413PayloadTooLarge);

        var correlationId = LedgerSession.CorrelationId(context);
        var (created, source, conflict) = await SourceRegistrar.RegisterAsync(store, command, actor, correlationId, ct);
        if (conflict is not null) return Problems.Conflict(conflict);
        var view = SourceView.From(source!, includeText: false);
        if (command.Extract == true)
            view = view with { Extraction = await ProposeClaims.FromAsync(store, source!, actor, correlationId, ct) };
        return created ? Results.Created($"/api/sources/{source!.Id}", view) : Results.Ok(view);
    }
}

/// <summary>Registers a validated source; shared by the API and the seed loader so seeds obey the same rules.</summary>
public static class SourceRegistrar
{
    public static async Task<(bool Created, SourceDetails? Source, string? Conflict)> RegisterAsync(
        IDocumentStore store, RegisterSource command, string actor, string correlationId, CancellationToken ct)
    {
        var sha = RegisterSource.Sha256Of(command.Text!);
        var id = command.ResolveId(sha);
        await using (var query = store.QuerySession())
        {
            if (await ExistingAsync(query, id, sha, ct) is { } known) return known;
        }

        await using var session = LedgerSession.Open(store, actor, correlationId);
        session.Events.StartStream<SourceState>(id, command.ToEvents(id, sha, actor).ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is ExistingStreamIdCollisionException || IsUniqueViolation(ex))
        {
            // A concurrent registration won the race; answer as if we had arrived second.
            await using var reader = store.QuerySession();
            if (await ExistingAsync(reader, id, sha, ct) is { } winner) return winner;
            throw;
        }

        await using var after = store.QuerySession();
        return (true, await after.LoadAsync<SourceDetails>(id, ct), null);
    }

    private static bool IsUniqueViolation(Exception? ex) =>
        ex is not null && (ex is Npgsql.PostgresException { SqlState: "23505" } || IsUniqueViolation(ex.InnerException));

    private static async Task<(bool, SourceDetails?, string?)?> ExistingAsync(IQuerySession session, string id, string sha, CancellationToken ct)
    {
        var sameText = await session.Query<SourceDetails>().FirstOrDefaultAsync(s => s.Sha256 == sha, ct);
        if (sameText is not null) return (false, sameText, null);
        var sameId = await session.LoadAsync<SourceDetails>(id, ct);
        return sameId is null ? null
            : (false, null, $"Source '{id}' is already registered with a different text; a corrected text is a new source with its own id.");
    }
}

public static partial class SourceIds
{
    public const string Rule = "must be a slug: lower-case letters, digits and hyphens, 1 to 100 characters, starting with a letter or digit.";

    public static bool IsValid(string id) => SlugPattern().IsMatch(id);

    public static string Slug(string title)
    {
        var slug = NonSlug().Replace(title.ToLowerInvariant().Normalize(NormalizationForm.FormKD), "-").Trim('-');
        slug = slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
        return slug.Length == 0 ? "source" : slug;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
