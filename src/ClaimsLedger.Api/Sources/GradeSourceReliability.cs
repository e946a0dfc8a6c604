namespace ClaimsLedger.Api.Sources;

public sealed record GradeSourceReliabilityRequest([property: Required] string? Grade, [property: Required] string? Reason, long? ExpectedVersion)
    : IVersionedRequest
{
    public GradeSourceReliability ToCommand(string sourceId, long? expectedVersion, FieldErrors errors)
    {
        if (Grade is not { Length: 1 } || !Enum.TryParse<ReliabilityGrade>(Grade, ignoreCase: false, out var grade))
        {
            errors.Add("grade", "must be an Admiralty grade A, B, C, D, E or F.");
            grade = default;
        }
        return new GradeSourceReliability(sourceId, grade, errors.Require(Reason, "reason", 2000), expectedVersion);
    }
}

public sealed record GradeSourceReliability(string SourceId, ReliabilityGrade Grade, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => SourceId;

    public static Decision Decide(SourceState source, GradeSourceReliability command, string actor) =>
        source.Retracted ? Decision.Refuse(Refusal.Conflict($"Source '{source.Id}' is retracted; its grade no longer matters."))
        : source.Grade == command.Grade ? Decision.Unchanged
        : Decision.Change(new SourceReliabilityGraded(source.Id, command.Grade, source.Grade, actor, command.Reason));
}

public static class GradeSourceReliabilityHandler
{
    public static (Events, CommandOutcome) Handle(GradeSourceReliability command,
        [WriteAggregate(nameof(GradeSourceReliability.SourceId), Required = false)] SourceState? source, Envelope envelope) =>
        Decide.OnStream(command, source, envelope, GradeSourceReliability.Decide);

    [WolverinePost("/api/sources/{id}/reliability", OperationId = "GradeSourceReliability")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, GradeSourceReliabilityRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), SourceView.Respond);
}
