namespace ClaimsLedger.Api.Sources;

/// <summary>The body of POST /api/sources/{id}/reliability.</summary>
/// <param name="Grade">The Admiralty grade: <c>A</c> (completely reliable, weight 1.0), <c>B</c> (0.8), <c>C</c> (0.6), <c>D</c> (0.4), <c>E</c> (unreliable, 0.2) or <c>F</c> (cannot be judged, 0.5).</param>
/// <param name="Reason">Why this grade; at most 2000 characters, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The source's version the client last saw (its ETag); 409 when the source has moved on. Omit to write regardless; same as If-Match.</param>
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

    /// <summary>Grades (or regrades) a source's reliability; every claim it supports is re-weighted.</summary>
    /// <remarks>The same grade again changes nothing; a retracted source cannot be graded (409).</remarks>
    [WolverinePost("/api/sources/{id}/reliability", OperationId = "GradeSourceReliability")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, GradeSourceReliabilityRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), SourceView.Respond);
}
