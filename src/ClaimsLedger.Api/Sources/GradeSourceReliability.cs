using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Sources;

public sealed record GradeSourceReliability([property: Required] string? Grade, [property: Required] string? Reason, long? ExpectedVersion)
{
    public static Decision Decide(SourceState source, ReliabilityGrade grade, string reason, string actor) =>
        source.Retracted ? Decision.Refuse(Problems.Conflict($"Source '{source.Id}' is retracted; its grade no longer matters."))
        : source.Grade == grade ? Decision.Unchanged
        : Decision.Append(new SourceReliabilityGraded(source.Id, grade, source.Grade, actor, reason));
}

public static class GradeSourceReliabilityEndpoint
{
    [WolverinePost("/api/sources/{id}/reliability", OperationId = "GradeSourceReliability")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(string id, GradeSourceReliability? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        ReliabilityGrade grade = default;
        if (!CommandRequest.TryCheck(context, command, "a JSON object with grade and reason is required.", (c, errors) =>
            {
                if (c.Grade is not { Length: 1 } || !Enum.TryParse(c.Grade, ignoreCase: false, out grade))
                    errors.Add("grade", "must be an Admiralty grade A, B, C, D, E or F.");
                errors.Require(c.Reason, "reason", 2000);
            }, c => c.ExpectedVersion, out var actor, out var expected, out var problem)) return problem;

        return await StreamCommand.Execute<SourceState>(store, context, actor, id, expected,
            source => GradeSourceReliability.Decide(source, grade, command.Reason!.Trim(), actor),
            async q => SourceView.From((await q.LoadAsync<SourceDetails>(id, ct))!, includeText: false), "id", ct);
    }
}
