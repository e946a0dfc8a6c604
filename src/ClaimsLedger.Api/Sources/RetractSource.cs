namespace ClaimsLedger.Api.Sources;

/// <summary>The body of POST /api/sources/{id}/retraction.</summary>
/// <param name="Reason">Why the source is withdrawn; at most 2000 characters, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The source's version the client last saw (its ETag); 409 when the source has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record RetractSourceRequest([property: Required] string? Reason, long? ExpectedVersion) : IVersionedRequest
{
    public RetractSource ToCommand(string sourceId, long? expectedVersion, FieldErrors errors) =>
        new(sourceId, errors.Require(Reason, "reason", 2000), expectedVersion);
}

/// <summary>A withdrawn source stops serving as evidence; the claims it supported are re-scored without it.</summary>
public sealed record RetractSource(string SourceId, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => SourceId;

    public static Decision Decide(SourceState source, RetractSource command, string actor) =>
        source.Retracted ? Decision.Unchanged : Decision.Change(new SourceRetracted(source.Id, actor, command.Reason));
}

public static class RetractSourceHandler
{
    public static (Events, CommandOutcome) Handle(RetractSource command,
        [WriteAggregate(nameof(RetractSource.SourceId), Required = false)] SourceState? source, Envelope envelope) =>
        Decide.OnStream(command, source, envelope, RetractSource.Decide);

    /// <summary>Withdraws a source: the claims it supported are re-scored without it, and its history stays readable.</summary>
    [WolverinePost("/api/sources/{id}/retraction", OperationId = "RetractSource")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, RetractSourceRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), SourceView.Respond);
}
