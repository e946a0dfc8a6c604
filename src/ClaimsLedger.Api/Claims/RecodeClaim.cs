using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/recoding: the coding to change (any of subject, effects, validTime) and why.</summary>
/// <param name="Subject">The new subject (a subject code such as KZ); omitted, the claim keeps its subject.</param>
/// <param name="Effects">The new effects, replacing all of the claim's effects; omitted, the claim keeps them.</param>
/// <param name="ValidTime">The new valid time (2023, 2023-05, 2023-05-18 or a range such as 2022/2023); omitted, the claim keeps it.</param>
/// <param name="Reason">Why the coding changes (at most 2000 characters); stored with the ClaimRecoded event.</param>
/// <param name="ExpectedVersion">The claim's version the change was decided on (or If-Match); another current version is a 409.</param>
public sealed record RecodeClaimRequest(string? Subject, List<EffectInput?>? Effects, string? ValidTime, [property: Required] string? Reason,
    long? ExpectedVersion) : IVersionedRequest
{
    public RecodeClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors)
    {
        if (Subject is null && Effects is null && ValidTime is null)
            errors.Add("body", "name what changes: subject, effects or validTime (at least one).");
        if (Subject is not null && !Codes.IsSubject(Subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        var effects = Effects is null ? null : ClaimInputValidation.Effects(Effects, errors);
        var validTime = ClaimInputValidation.ValidTime(ValidTime, errors);
        return new RecodeClaim(claimId, Subject, effects, validTime, errors.Require(Reason, "reason", 2000), expectedVersion);
    }
}

/// <summary>
/// Codes a claim anew: another subject, other effects or another valid time, each given or kept. The statement and the
/// evidence stay (a different statement is a different claim), and so does the id: the claim's history is one stream.
/// Recording the new coding as a claim of its own would land on another id; merge the two if that happens.
/// </summary>
public sealed record RecodeClaim(string ClaimId, string? Subject, IReadOnlyList<Effect>? Effects, string? ValidTime, string Reason,
    long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Decision Decide(ClaimState claim, RecodeClaim command, string actor)
    {
        if (claim.NotCurrent is { } refused) return Decision.Refuse(refused);
        var subject = command.Subject ?? claim.Subject;
        var effects = command.Effects ?? claim.Effects;
        var validTime = command.ValidTime ?? claim.ValidTime;
        var sameEffects = effects.Count == claim.Effects.Count && effects.ToHashSet().SetEquals(claim.Effects);
        if (subject == claim.Subject && sameEffects && validTime == claim.ValidTime) return Decision.Unchanged;
        return Decision.Change(new ClaimRecoded(claim.Id, subject, effects, validTime, claim.Subject, claim.Effects, claim.ValidTime, actor,
            command.Reason));
    }
}

public static class RecodeClaimHandler
{
    public static (Events, CommandOutcome) Handle(RecodeClaim command,
        [WriteAggregate(nameof(RecodeClaim.ClaimId), Required = false)] ClaimState? claim, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, RecodeClaim.Decide);

    /// <summary>
    /// Codes a claim anew (subject, effects or valid time, with a reason), keeping its id and history; answers the claim as
    /// it stands. A new subject moves the claim's contributions from the old subject's alignment to the new one's.
    /// </summary>
    [WolverinePost("/api/claims/{id}/recoding", OperationId = "RecodeClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, RecodeClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}
