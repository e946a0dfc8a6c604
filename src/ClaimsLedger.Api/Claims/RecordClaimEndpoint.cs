using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

public sealed record RecordClaimResult(string Id, long Version, string Outcome);

public static class RecordClaimEndpoint
{
    [WolverinePost("/api/claims", OperationId = "RecordClaim")]
    [Tags("Claims")]
    [ProducesResponseType<RecordClaimResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<RecordClaimResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RecordClaim? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!Actor.TryRead(context, out var actor, out var problem)) return problem;
        if (command is null) return Problems.Invalid("body", "a JSON object describing the claim is required.");
        var errors = command.Validate(out var draft);
        if (errors.Any) return errors.ToProblem();

        await using var query = store.QuerySession();
        var source = await query.LoadAsync<SourceDetails>(command.Evidence!.SourceId!, ct);
        var refused = EvidenceCheck.Verify(source, command.Evidence, "evidence", out var evidence);
        if (refused is not null) return refused;

        var (outcome, version, refusal) = await ClaimRecorder.RecordAsync(store, draft, evidence, actor, $"analyst:{actor}",
            ClaimStatus.Recorded, LedgerSession.CorrelationId(context), ct);
        if (refusal is not null) return refusal;
        var result = new RecordClaimResult(draft.Id, version, outcome.ToString().ToLowerInvariant());
        return outcome == RecordOutcome.Created ? Results.Created($"/api/claims/{draft.Id}", result) : Results.Ok(result);
    }
}

/// <summary>Appends a recorded claim; shared by the API and the seed loader so seeds obey the same rules.</summary>
public static class ClaimRecorder
{

    public static async Task<(RecordOutcome Outcome, long Version, IResult? Refusal)> RecordAsync(
        IDocumentStore store, ClaimDraft draft, Evidence evidence, string actor, string origin, ClaimStatus initialStatus,
        string correlationId, CancellationToken ct)
    {
        // Many requests may record the same claim at once (one article syndicated to many outlets, a client
        // retrying). Each loser decides again against the winner's stream, which turns its creation into a
        // corroboration or a no-op; the client asked for no version, so it should never see the race.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = LedgerSession.Open(store, actor, correlationId);
            var stream = await session.Events.FetchForWriting<ClaimState>(draft.Id, ct);
            var (outcome, decision) = RecordClaimDecision.Decide(stream.Aggregate, draft, evidence, actor, origin, initialStatus);
            if (decision.Refusal is not null || decision.Events.Count == 0)
                return (outcome, stream.StartingVersion ?? 0, decision.Refusal);
            stream.AppendMany(decision.Events.ToArray());
            try
            {
                await session.SaveChangesAsync(ct);
                return (outcome, (stream.StartingVersion ?? 0) + decision.Events.Count, null);
            }
            catch (Exception ex) when (attempt < Contention.MaxAttempts && ex is ConcurrencyException or ExistingStreamIdCollisionException)
            {
                await Contention.BackoffAsync(attempt, ct);
            }
        }
    }
}
