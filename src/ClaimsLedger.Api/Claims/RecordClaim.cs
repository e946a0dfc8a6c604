using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims (and of a seed or extracted claim): a claim with one piece of exact evidence.</summary>
/// <param name="Subject">The country the claim is about: an ISO 3166-1 alpha-2 code in upper case (<c>KZ</c>), or the regions <c>CENTRAL_ASIA</c> or <c>SOUTH_CAUCASUS</c>.</param>
/// <param name="Statement">The claim in one sentence, in the analyst's own words; at most 1000 characters. Part of the claim's identity: the same subject, effects, statement and valid time are the same claim.</param>
/// <param name="Effects">How the claim moves the subject relative to each power: 1 to 12 effects, at most one per power and dimension.</param>
/// <param name="ValidTime">When the claim holds in the world (valid time, as opposed to when it was recorded): a year (<c>2023</c>), a month (<c>2023-05</c>), a day (<c>2023-05-18</c>) or a range of them (<c>2022/2024</c>), years 1000 to 2999. Omit or null when the claim is not tied to a time; such a claim is left out of valid-time windows.</param>
/// <param name="Quantity">A figure the claim rests on (a trade volume, a share); omit or null when there is none. It is shown with the claim but does not change its weight.</param>
/// <param name="Evidence">The exact passage of a registered source the claim is read from; the quote must equal the source's text at [start, end), or the request is refused with 422.</param>
/// <param name="Confidence">How sure the submitter is, from 0 to 1; it multiplies every contribution of the claim. Omitted or null means 0.6: a single unreviewed assertion.</param>
public sealed record RecordClaimRequest(
    [property: Required] string? Subject,
    [property: Required] string? Statement,
    [property: Required] List<EffectInput?>? Effects,
    string? ValidTime,
    QuantityInput? Quantity,
    [property: Required] EvidenceInput? Evidence,
    double? Confidence)
{
    /// <summary>Confidence when the submitter gives none: a single unreviewed assertion, neither doubted nor trusted.</summary>
    public const double DefaultConfidence = 0.6;

    public RecordClaim ToCommand(FieldErrors errors, string? origin = null, ClaimStatus status = ClaimStatus.Recorded)
    {
        if (!Codes.IsSubject(Subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        var statement = errors.Require(Statement, "statement", 1000);
        var effects = ClaimInputValidation.Effects(Effects, errors);
        var validTime = ClaimInputValidation.ValidTime(ValidTime, errors);
        Quantity? quantity = null;
        if (Quantity is not null)
        {
            if (Quantity.Value is null) errors.Add("quantity.value", "is required when a quantity is given.");
            quantity = new Quantity(Quantity.Value ?? 0, errors.Require(Quantity.Unit, "quantity.unit", 50));
        }
        if (Evidence is null) errors.Add("evidence", "is required: sourceId, start, end and quote.");
        var evidence = Evidence?.Validate(errors) ?? new EvidenceSpan("", 0, 0, "");
        var confidence = ClaimInputValidation.Confidence(Confidence, errors, DefaultConfidence);
        return new RecordClaim(new ClaimDraft(Subject ?? "", statement, effects, validTime, quantity, confidence), evidence, origin, status);
    }
}

/// <summary>A validated claim, before its evidence is checked against the source.</summary>
public sealed record ClaimDraft(string Subject, string Statement, IReadOnlyList<Effect> Effects, string? ValidTime, Quantity? Quantity, double Confidence)
{
    public string Id => ClaimIdentity.For(Subject, Effects, Statement, ValidTime);
}

/// <summary>
/// Records a claim on its deterministic id: new → extracted; known with new evidence → corroborated; known evidence →
/// nothing, so recording the same claim again (a retry, a re-ingested source) changes nothing. Origin defaults to the
/// analyst who sent it; the extractor and the seeds name themselves.
/// </summary>
public sealed record RecordClaim(ClaimDraft Draft, EvidenceSpan Evidence, string? Origin, ClaimStatus Status) : ILedgerCommand
{
    public string ClaimId => Draft.Id;

    /// <summary>The source the evidence cites, whose text the decision checks the quote against.</summary>
    public string SourceId => Evidence.SourceId;

    public static Decision Decide(ClaimState? existing, SourceDetails? source, RecordClaim command, string actor)
    {
        if (EvidenceCheck.Verify(source, command.Evidence, out var evidence) is { } refused) return Decision.Refuse(refused);
        var draft = command.Draft;
        if (existing is null)
            return Decision.Create(new ClaimExtracted(draft.Id, draft.Subject, draft.Statement, draft.Effects, draft.ValidTime, draft.Quantity,
                evidence, draft.Confidence, command.Origin ?? $"analyst:{actor}", command.Status, actor));
        if (existing.EvidenceKeys.Contains(ClaimState.KeyOf(evidence))) return Decision.Unchanged;
        if (existing.Status == ClaimStatus.Merged && existing.Closed is { } merged) return Decision.Refuse(merged);
        if (existing.IsRetracted)
            return Decision.Refuse(Refusal.Conflict(
                $"Claim '{existing.Id}' was retracted; new evidence for it must be recorded as a new claim or after review."));
        // The id names the coding the claim was first recorded with; once recoded, the claim asserts something else, and new
        // evidence for the old coding would silently support the new one (another subject, another time).
        if (existing.Subject != draft.Subject || existing.ValidTime != draft.ValidTime || !existing.Effects.ToHashSet().SetEquals(draft.Effects))
            return Decision.Refuse(Refusal.Conflict(
                $"Claim '{existing.Id}' was recoded (it is now about {existing.Subject}{(existing.ValidTime is { } valid ? $", valid {valid}" : "")}), so it no " +
                "longer asserts what this request describes; record this claim in words of its own, or corroborate the recoded claim."));
        return Decision.Change(new ClaimCorroborated(existing.Id, evidence, actor));
    }
}

public static class RecordClaimHandler
{
    // The cited source is read with its text (a syndicated copy's is its original's) for the evidence check.
    public static async Task<(Events, CommandOutcome)> Handle(RecordClaim command, [WriteAggregate(nameof(RecordClaim.ClaimId), Required = false)] ClaimState? claim,
        IDocumentSession session, Envelope envelope, CancellationToken ct)
    {
        var source = await SourceDetails.LoadWithTextAsync(session, command.SourceId, ct);
        return Decide.OnNewOrExisting(command.ClaimId, claim, existing => RecordClaim.Decide(existing, source, command, Actors.Of(envelope)));
    }

    /// <summary>Records a claim with its evidence, or adds the evidence to the claim when it is already known.</summary>
    /// <remarks>
    /// A claim's id is derived from its subject, effects, statement and valid time, so sending the same claim again is safe:
    /// with new evidence (another source, or another passage) it corroborates the claim (200, outcome <c>corroborated</c>);
    /// with evidence already recorded it changes nothing (200, outcome <c>unchanged</c>). A new claim answers 201 with its
    /// Location. The quote is checked against the cited source's text (422 when it does not occur at [start, end)); a
    /// retracted claim takes no new evidence (409).
    /// </remarks>
    [WolverinePost("/api/claims", OperationId = "RecordClaim")]
    [Tags("Claims")]
    [ProducesResponseType<RecordClaimResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<RecordClaimResult>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(RecordClaimRequest? body, HttpContext http, IMessageContext bus, SharedCommits shared) =>
        bus.SendAsync(http, body, (b, _, errors) => b.ToCommand(errors), (outcome, _, _) =>
        {
            var result = RecordClaimResult.From(outcome);
            return Task.FromResult(outcome.Outcome == Outcome.Created ? Results.Created($"/api/claims/{result.Id}", result) : Results.Ok(result));
        }, shared.RecordAsync);
}

/// <summary>What POST /api/claims answers: the claim's id and version, and whether it was created, corroborated or already known.</summary>
/// <param name="Id">The claim's deterministic id (<c>clm-</c> followed by hex digits): GET /api/claims/{id} reads it.</param>
/// <param name="Version">The claim stream's version after the request (1 for a new claim); send it as If-Match or expectedVersion to change the claim only if nobody else has.</param>
/// <param name="Outcome"><c>created</c> (a new claim, 201), <c>corroborated</c> (new evidence added to a known claim, 200) or <c>unchanged</c> (the claim already had this evidence, 200).</param>
/// <param name="Position">The ledger position the write reached (as in the X-Ledger-Position header); 0 when nothing was written. Pass it as minPosition to a later read to see the write.</param>
public sealed record RecordClaimResult(string Id, long Version, string Outcome, long Position)
{
    public static RecordClaimResult From(CommandOutcome outcome) => new(outcome.StreamId, outcome.Version, outcome.Outcome switch
    {
        Commands.Outcome.Created => "created",
        Commands.Outcome.Changed => "corroborated",
        _ => "unchanged",
    }, outcome.Position ?? 0);
}
