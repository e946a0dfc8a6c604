using JasperFx.Events;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/merge: the duplicate to merge into this claim (which survives), and why.</summary>
/// <param name="DuplicateId">The duplicate claim: its evidence and contestations become the survivor's, and it stops weighing.</param>
/// <param name="Reason">Why the two claims are one (at most 2000 characters); stored on both claims' events.</param>
/// <param name="ExpectedVersion">The surviving claim's version the merge was decided on (or If-Match); another current version is a 409.</param>
public sealed record MergeClaimsRequest([property: Required] string? DuplicateId, [property: Required] string? Reason, long? ExpectedVersion)
    : IVersionedRequest
{
    public MergeClaims ToCommand(string claimId, long? expectedVersion, FieldErrors errors)
    {
        var duplicate = errors.Require(DuplicateId, "duplicateId", 100);
        if (duplicate == claimId) errors.Add("duplicateId", "must name another claim: a claim cannot be merged into itself.");
        return new MergeClaims(claimId, duplicate, errors.Require(Reason, "reason", 2000), expectedVersion);
    }
}

/// <summary>
/// Two claims that say the same thing become one: the claim named in the path survives with its coding; the duplicate's
/// evidence it lacks becomes its corroboration (so the duplicate's sources count for it, once per original publisher, as
/// any corroboration does), the duplicate's contestations come along, and the duplicate stops weighing. Both streams get
/// their event in one transaction. <see cref="ExpectedVersion"/> is the survivor's.
/// </summary>
public sealed record MergeClaims(string ClaimId, string DuplicateId, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Decision Decide(ClaimState survivor, ClaimState? duplicate, MergeClaims command, string actor)
    {
        if (duplicate is { Status: ClaimStatus.Merged } && duplicate.MergedInto == survivor.Id) return Decision.Unchanged;
        if (survivor.NotCurrent is { } refused) return Decision.Refuse(refused);
        if (duplicate is null) return Decision.Refuse(Refusal.NotFound("duplicateId", $"Claim '{command.DuplicateId}'"));
        if (duplicate.NotCurrent is { } stale) return Decision.Refuse(Refusal.Conflict($"The duplicate cannot be merged: {stale.Detail}"));

        var known = survivor.EvidenceKeys;
        var evidence = duplicate.Evidence.Where(e => !known.Contains(ClaimState.KeyOf(e))).DistinctBy(ClaimState.KeyOf).ToList();
        var disputed = survivor.ContestKeys;
        var contestations = duplicate.Contestations.Where(c => !disputed.Contains(ClaimState.ContestKey(c))).DistinctBy(ClaimState.ContestKey).ToList();
        return Decision.Change(
            new ClaimsMerged(survivor.Id, duplicate.Id, evidence, contestations, actor, command.Reason),
            new ClaimMergedInto(duplicate.Id, survivor.Id, actor, command.Reason));
    }
}

public static class MergeClaimsHandler
{
    /// <summary>
    /// Two streams in one transaction: Wolverine's aggregate workflow loads both for writing, and each event goes to the
    /// stream of the claim it names. A writer that moves either stream meanwhile fails the save, and the retry policy
    /// decides again on the newer state.
    /// </summary>
    public static CommandOutcome Handle(MergeClaims command,
        [WriteAggregate(nameof(MergeClaims.ClaimId), Required = false)] IEventStream<ClaimState> survivor,
        [WriteAggregate(nameof(MergeClaims.DuplicateId), Required = false)] IEventStream<ClaimState> duplicate, Envelope envelope)
    {
        var (events, outcome) = Decide.OnStream(command, survivor.Aggregate, envelope,
            (state, c, actor) => MergeClaims.Decide(state, duplicate.Aggregate, c, actor));
        foreach (var e in events.Cast<IClaimEvent>())
            (e.ClaimId == survivor.Key ? survivor : duplicate).AppendOne(e);
        return outcome with { Version = survivor.CurrentVersion ?? outcome.Version };
    }

    /// <summary>
    /// Merges a duplicate into this claim, with a reason: ClaimsMerged on this claim and ClaimMergedInto on the duplicate,
    /// in one transaction; answers the surviving claim as it stands.
    /// </summary>
    [WolverinePost("/api/claims/{id}/merge", OperationId = "MergeClaims")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, MergeClaimsRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}
