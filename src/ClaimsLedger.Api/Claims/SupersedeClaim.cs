using JasperFx.Events;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/supersession: the newer claim that replaces this one, and why.</summary>
/// <param name="NewerClaimId">The claim that replaces this one: it must exist and be current (not retracted, rejected, merged or superseded).</param>
/// <param name="Reason">Why the newer claim replaces this one (at most 2000 characters).</param>
/// <param name="ExpectedVersion">The older claim's version the change was decided on (or If-Match); another current version is a 409.</param>
public sealed record SupersedeClaimRequest([property: Required] string? NewerClaimId, [property: Required] string? Reason, long? ExpectedVersion)
    : IVersionedRequest
{
    public SupersedeClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors)
    {
        var newer = errors.Require(NewerClaimId, "newerClaimId", 100);
        if (newer == claimId) errors.Add("newerClaimId", "must name another claim: a claim cannot supersede itself.");
        return new SupersedeClaim(claimId, newer, errors.Require(Reason, "reason", 2000), expectedVersion);
    }
}

/// <summary>
/// A newer claim replaces an older one (a revised figure, a later statement): the older stops weighing from this event's
/// record time, and as-of reads before it still show it weighing. Only the older claim's stream changes; the newer one must
/// exist and be current (not retracted, rejected, merged or itself superseded), which also rules out cycles.
/// </summary>
public sealed record SupersedeClaim(string ClaimId, string NewerClaimId, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Decision Decide(ClaimState claim, ClaimState? newer, SupersedeClaim command, string actor)
    {
        if (claim.Status == ClaimStatus.Superseded && claim.SupersededBy == command.NewerClaimId) return Decision.Unchanged;
        if (claim.NotCurrent is { } refused) return Decision.Refuse(refused);
        if (newer is null) return Decision.Refuse(Refusal.NotFound("newerClaimId", $"Claim '{command.NewerClaimId}'"));
        if (newer.NotCurrent is { } stale)
            return Decision.Refuse(Refusal.Conflict($"The newer claim cannot supersede another: {stale.Detail}"));
        if (newer.Status == ClaimStatus.Rejected)
            return Decision.Refuse(Refusal.Conflict($"Claim '{newer.Id}' is rejected; a rejected claim cannot supersede another."));
        return Decision.Change(new ClaimSuperseded(claim.Id, newer.Id, actor, command.Reason));
    }
}

public static class SupersedeClaimHandler
{
    /// <summary>
    /// The decision rests on two streams, so both are locked for the transaction (Marten's exclusive fetch: the stream's row
    /// selected for update), in one order for every command, so two supersessions of one pair wait for each other instead of
    /// deadlocking. The newer claim's stream only is read, but whoever retracts, merges or supersedes it meanwhile waits for
    /// this one to commit, and this one waits for them. Read without a lock, two supersessions of each other at once (A by
    /// B, B by A) both found the other current and both were recorded, a cycle that left neither weighing; so was a
    /// supersession by a claim being retracted at that moment.
    /// </summary>
    public static async Task<CommandOutcome> Handle(SupersedeClaim command, IDocumentSession session, Envelope envelope, CancellationToken ct)
    {
        var streams = new Dictionary<string, IEventStream<ClaimState>>(StringComparer.Ordinal);
        foreach (var id in new[] { command.ClaimId, command.NewerClaimId }.Distinct().Order(StringComparer.Ordinal))
            streams[id] = await session.Events.FetchForExclusiveWriting<ClaimState>(id, ct);
        var (claim, newer) = (streams[command.ClaimId], streams[command.NewerClaimId]);
        var (events, outcome) = Decide.OnStream(command, claim.Aggregate, envelope,
            (state, c, actor) => SupersedeClaim.Decide(state, newer.Aggregate, c, actor));
        claim.AppendMany(events);
        return outcome;
    }

    /// <summary>
    /// Marks the claim superseded by a newer claim, with a reason: it stops weighing from this event on (as-of reads before
    /// it still count it); answers the older claim as it stands.
    /// </summary>
    [WolverinePost("/api/claims/{id}/supersession", OperationId = "SupersedeClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, SupersedeClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}
