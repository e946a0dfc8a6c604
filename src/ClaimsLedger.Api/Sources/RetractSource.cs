using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Sources;

public sealed record RetractSource([property: Required] string? Reason, long? ExpectedVersion)
{
    public static Decision Decide(SourceState source, string reason, string actor) =>
        source.Retracted ? Decision.Unchanged : Decision.Append(new SourceRetracted(source.Id, actor, reason));
}

public static class RetractSourceEndpoint
{
    [WolverinePost("/api/sources/{id}/retraction", OperationId = "RetractSource")]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(string id, RetractSource? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!CommandRequest.TryCheck(context, command, "a JSON object with a reason is required.",
                (c, errors) => errors.Require(c.Reason, "reason", 2000), c => c.ExpectedVersion, out var actor, out var expected, out var problem))
            return problem;

        return await StreamCommand.Execute<SourceState>(store, context, actor, id, expected,
            source => RetractSource.Decide(source, command.Reason!.Trim(), actor),
            async q => SourceView.From((await q.LoadAsync<SourceDetails>(id, ct))!, includeText: false), "id", ct);
    }
}
