namespace ClaimsLedger.Api.Contradictions;

/// <summary>The body of POST /api/contradictions/{id}/resolution: which of the two claims holds, and why.</summary>
/// <param name="WinningClaimId">The claim that holds: one of the contradiction's two claims (any other is a 422).</param>
/// <param name="Reason">Why that claim holds (at most 2000 characters); stored with the ContradictionResolved event.</param>
/// <param name="ExpectedVersion">The contradiction's version (resolutions recorded so far) the decision was made on, or If-Match; another is a 409.</param>
public sealed record ResolveContradictionRequest([property: Required] string? WinningClaimId, [property: Required] string? Reason, long? ExpectedVersion)
    : IVersionedRequest
{
    /// <summary>An unresolved contradiction is at version 0 (its ETag "0"): its stream starts with the first resolution.</summary>
    long IVersionedRequest.FirstVersion => 0;

    public ResolveContradiction ToCommand(string contradictionId, long? expectedVersion, FieldErrors errors) =>
        new(contradictionId, errors.Require(WinningClaimId, "winningClaimId", 100), errors.Require(Reason, "reason", 2000), expectedVersion);
}

/// <summary>
/// An analyst resolves a contradiction by naming the claim that holds. It can be resolved again (another analyst, new
/// evidence): each resolution is an event on the contradiction's own stream, the latest one stands. The contradiction must
/// have been found (it is projected asynchronously: read with minPosition after the writes that create it).
/// </summary>
public sealed record ResolveContradiction(string ContradictionId, string WinningClaimId, string Reason, long? ExpectedVersion) : ILedgerCommand
{
    /// <summary>
    /// <paramref name="found"/> is Marten's load of the pair (<c>[Entity]</c>): its claims are there, its id and the other members
    /// kept in columns alone are not (<see cref="Contradiction"/>), so the command names the pair.
    /// </summary>
    public static Decision Decide(ContradictionState? state, Contradiction? found, ResolveContradiction command, string actor)
    {
        if (found is null) return Decision.Refuse(Refusal.NotFound("id", $"Contradiction '{command.ContradictionId}'"));
        var version = state?.Version ?? 0;
        if (command.ExpectedVersion is { } expected && expected != version)
            return Decision.Refuse(Refusal.Conflict(
                $"Contradiction '{command.ContradictionId}' is at version {version}, not {expected}; read it again and retry with the current version."));
        if (!found.ClaimIds.Contains(command.WinningClaimId))
            return Decision.Refuse(Refusal.Unprocessable("winningClaimId", $"must be one of the two claims: {found.ClaimIds[0]} or {found.ClaimIds[1]}."));
        if (state?.WinningClaimId == command.WinningClaimId) return Decision.Unchanged;
        var resolved = new ContradictionResolved(command.ContradictionId, command.WinningClaimId, found.Other(command.WinningClaimId), actor, command.Reason);
        return state is null ? Decision.Create(resolved) : Decision.Change(resolved);
    }
}

/// <summary>What POST /api/contradictions/{id}/resolution answers: the resolution as recorded, and the ledger position it reached.</summary>
/// <param name="Id">The contradiction's id (ctr-…).</param>
/// <param name="WinningClaimId">The claim that now holds.</param>
/// <param name="Version">The contradiction's version after the command: how many resolutions it has recorded.</param>
/// <param name="Outcome">`resolved` when a resolution was recorded, `unchanged` when the same winner was already named (nothing appended).</param>
/// <param name="Position">The ledger position the command reached: pass it as minPosition to read your own write.</param>
public sealed record ContradictionResolutionResult(string Id, string? WinningClaimId, long Version, string Outcome, long Position);

public static class ResolveContradictionHandler
{
    public static (Events, CommandOutcome) Handle(ResolveContradiction command,
        [WriteAggregate(nameof(ResolveContradiction.ContradictionId), Required = false)] ContradictionState? state,
        [Entity(nameof(ResolveContradiction.ContradictionId), Required = false)] Contradiction? found, Envelope envelope) =>
        Decide.OnNewOrExisting(command.ContradictionId, state, s => ResolveContradiction.Decide(s, found, command, Actors.Of(envelope)));

    /// <summary>
    /// Resolves a contradiction by naming the claim that holds, with a reason (ContradictionResolved on the contradiction's
    /// own stream); a later resolution replaces it. The alignment stops flagging a resolved contradiction.
    /// </summary>
    [WolverinePost("/api/contradictions/{id}/resolution", OperationId = "ResolveContradiction")]
    [Tags("Contradictions")]
    [ProducesResponseType<ContradictionResolutionResult>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, ResolveContradictionRequest? body, HttpContext http, IMessageContext bus)
    {
        ResolveContradiction? command = null;
        // Applied or unchanged, the winner is the one the command names (a refusal never reaches the answer).
        return bus.SendAsync(http, body, (b, version, errors) => command = b.ToCommand(id, version, errors), (outcome, _, _) =>
            Task.FromResult(Results.Ok(new ContradictionResolutionResult(outcome.StreamId, command?.WinningClaimId, outcome.Version,
                outcome.Outcome == Outcome.Unchanged ? "unchanged" : "resolved", outcome.Position ?? 0))));
    }
}
