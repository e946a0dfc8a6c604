namespace ClaimsLedger.Api.Audit;

/// <summary>A request for a signed checkpoint now.</summary>
/// <param name="Reason">Why a checkpoint is wanted now (for example, before handing the ledger to an auditor); at most 2000 characters.</param>
public sealed record RequestCheckpointRequest([property: Required] string? Reason)
{
    public RequestCheckpoint ToCommand(FieldErrors errors) => new(errors.Require(Reason, "reason", 2000));
}

/// <summary>Asks for a signed checkpoint at once; the chain projection cuts it at the event this appends.</summary>
public sealed record RequestCheckpoint(string Reason) : ILedgerCommand
{
    public string StreamId => AuditStreams.Checkpoints;

    public static Decision Decide(AuditRequestsState? _, RequestCheckpoint command, string actor) =>
        Decision.Change(new AuditCheckpointRequested(command.Reason, actor));
}

/// <summary>Where the requested checkpoint will be: the sequence of the request event, whose proof ends in it.</summary>
/// <param name="Sequence">The sequence of the request event, at which the checkpoint is cut.</param>
/// <param name="Proof">The path of that event's proof, which ends in the new checkpoint once the chain reaches it.</param>
public sealed record CheckpointRequestAccepted(long Sequence, string Proof);

public static class RequestCheckpointHandler
{
    public static (Events, CommandOutcome) Handle(RequestCheckpoint command,
        [WriteAggregate(nameof(RequestCheckpoint.StreamId), Required = false)] AuditRequestsState? requests, Envelope envelope) =>
        Decide.OnNewOrExisting(command.StreamId, requests, existing => RequestCheckpoint.Decide(existing, command, Actors.Of(envelope)));

    /// <summary>
    /// Seals the chain now: 202, and the checkpoint appears in GET /api/audit/checkpoints once the chain projection
    /// reaches the request (Location: the request event's proof, which ends in that checkpoint).
    /// </summary>
    [WolverinePost("/api/audit/checkpoints", OperationId = "RequestAuditCheckpoint")]
    [Tags("Audit")]
    [ProducesResponseType<CheckpointRequestAccepted>(StatusCodes.Status202Accepted)]
    public static Task<IResult> Post(RequestCheckpointRequest? body, HttpContext http, IMessageContext bus) =>
        // The request event's sequence is the position the write reached (the endpoint reads it once for every command).
        bus.SendAsync(http, body, (b, _, errors) => b.ToCommand(errors), (outcome, _, _) =>
        {
            var sequence = outcome.Position!.Value;   // set by the endpoint before it answers
            var proof = AuditRoutes.Proof(sequence);
            return Task.FromResult(Results.Accepted(proof, new CheckpointRequestAccepted(sequence, proof)));
        });
}
