using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClaimsLedger.Api.Claims;

/// <summary>What POST /api/claims/batch answers: one result per item, in request order, and the position the batch reached.</summary>
/// <param name="Results">One result per item of the request, in the same order (<c>index</c> is the item's place in <c>claims</c>).</param>
/// <param name="Position">
/// The highest ledger position any item reached (also in X-Ledger-Position): a read given it as minPosition sees every
/// item of the batch. 0 when no item was recorded or already known.
/// </param>
public sealed record RecordClaimsResult(IReadOnlyList<RecordClaimsItemResult> Results, long Position)
{
    public static RecordClaimsResult From(RecordClaimsOutcome outcome, IReadOnlyDictionary<(string Stream, long Version), long> positions,
        IEnumerable<RecordClaimsItemResult> invalid)
    {
        var results = outcome.Items.Select(i => RecordClaimsItemResult.From(i, positions)).Concat(invalid).OrderBy(r => r.Index).ToList();
        return new(results, results.Max(r => r.Position) ?? 0);
    }
}

/// <summary>
/// One item's result: as POST /api/claims would answer it (id, version, outcome, position), or the status and the errors
/// map it would have answered, its fields named from the batch (<c>claims[3].evidence.quote</c>).
/// </summary>
/// <param name="Index">The item's place in the request's <c>claims</c>, from 0.</param>
/// <param name="Id">The claim's deterministic id; absent when the item was invalid before an id could be derived.</param>
/// <param name="Version">The claim stream's version after this item (recorded items only).</param>
/// <param name="Outcome">
/// What this item amounted to (recorded items only): <c>created</c> (a new claim), <c>corroborated</c> (new evidence for a
/// known claim) or <c>unchanged</c> (the claim already held this evidence).
/// </param>
/// <param name="Position">The ledger position this item reached (recorded items only), as POST /api/claims answers it.</param>
/// <param name="Status">The status POST /api/claims would have answered for this item alone (refused items only): 400 (invalid), 404 (unknown source), 409 (the claim is retracted) or 422 (the evidence does not hold: a retracted source, a span past its end, a quote that is not its text).</param>
/// <param name="Errors">What is wrong, by field named from the batch (<c>claims[3].evidence.quote</c>); refused items only.</param>
public sealed record RecordClaimsItemResult(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Position,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string[]>? Errors)
{
    public static RecordClaimsItemResult From(ItemOutcome item, IReadOnlyDictionary<(string Stream, long Version), long> positions)
    {
        var at = $"claims[{item.Index}]";
        if (item.Outcome.Refusal is not { } refusal)
        {
            var recorded = RecordClaimResult.From(item.Outcome);
            return new(item.Index, recorded.Id, recorded.Version, recorded.Outcome, positions[(recorded.Id, recorded.Version)], null, null);
        }
        var status = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict,
        };
        return Problem(item.Index, item.Outcome.StreamId, status, new() { [refusal.Field is null ? at : $"{at}.{refusal.Field}"] = [refusal.Detail] });
    }

    public static RecordClaimsItemResult Problem(int index, string? id, int status, Dictionary<string, string[]> errors) =>
        new(index, id, null, null, null, status, errors);

    /// <summary>An item that failed its own validation: the problem POST /api/claims would answer, its fields prefixed with <paramref name="at"/>.</summary>
    public static RecordClaimsItemResult Invalid(int index, string at, FieldErrors errors)
    {
        // FieldErrors renders itself only as the problem response; read the status and fields back from it.
        var problem = (errors.ToProblem() as ProblemHttpResult)?.ProblemDetails as HttpValidationProblemDetails
                      ?? throw new InvalidOperationException("Field errors render as a validation problem.");
        return Problem(index, null, problem.Status ?? StatusCodes.Status400BadRequest,
            problem.Errors.ToDictionary(e => $"{at}.{e.Key}", e => e.Value, StringComparer.Ordinal));
    }
}
