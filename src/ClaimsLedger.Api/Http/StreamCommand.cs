using JasperFx;
using Marten;

namespace ClaimsLedger.Api.Http;

/// <summary>What a command decided: events to append (none = nothing changed), or a refusal.</summary>
public sealed record Decision(IReadOnlyList<object> Events, IResult? Refusal = null)
{
    public static Decision Append(params object[] events) => new(events);
    public static readonly Decision Unchanged = new([]);
    public static Decision Refuse(IResult problem) => new([], problem);
}

/// <summary>
/// The one path every command on an existing stream takes: load the write model, let a pure function
/// decide, append under optimistic concurrency, answer with the fresh read model.
/// A stale <c>expectedVersion</c> is a 409; an <c>Idempotency-Key</c> already seen on the stream returns
/// the current state without deciding again, so a client may safely retry after a lost acknowledgement.
/// </summary>
public static class StreamCommand
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const string IdempotencyMetadata = "idempotency-key";

    public static async Task<IResult> Execute<TState>(
        IDocumentStore store, HttpContext context, string actor, string streamId, long? expectedVersion,
        Func<TState, Decision> decide, Func<IQuerySession, Task<object?>> readModel, string notFoundField,
        CancellationToken ct) where TState : class
    {
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 200) return Problems.Invalid(IdempotencyHeader, "must be at most 200 characters.");

        // When no version was demanded, a concurrent writer that moved the stream between our read and our
        // write is ridden out: deciding again on the newer state is what the client asked for.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = LedgerSession.Open(store, context, actor);
            try
            {
                if (key.Length > 0 && await AlreadyApplied(session, streamId, key, ct))
                    return await Respond(store, readModel, ct);

                var stream = expectedVersion is { } v
                    ? await session.Events.FetchForWriting<TState>(streamId, v, ct)
                    : await session.Events.FetchForWriting<TState>(streamId, ct);
                if (stream.Aggregate is null) return Problems.NotFound(notFoundField, $"'{streamId}'");

                var decision = decide(stream.Aggregate);
                if (decision.Refusal is not null) return decision.Refusal;
                if (decision.Events.Count == 0) return await Respond(store, readModel, ct);

                if (key.Length > 0) session.SetHeader(IdempotencyMetadata, key);
                stream.AppendMany(decision.Events.ToArray());
                await session.SaveChangesAsync(ct);
                return await Respond(store, readModel, ct);
            }
            catch (ConcurrencyException) when (expectedVersion is null && attempt < Contention.MaxAttempts)
            {
                await Contention.BackoffAsync(attempt, ct);
            }
            catch (ConcurrencyException)
            {
                return Problems.Conflict(expectedVersion is null
                    ? $"'{streamId}' changed while this request was applied; read it again and retry."
                    : $"'{streamId}' is no longer at version {expectedVersion}; read it again and retry with the current version.");
            }
        }
    }

    private static async Task<IResult> Respond(IDocumentStore store, Func<IQuerySession, Task<object?>> readModel, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return Results.Ok(await readModel(query));
    }

    private static async Task<bool> AlreadyApplied(IQuerySession session, string streamId, string key, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        return events.Any(e => e.Headers is { } h && h.TryGetValue(IdempotencyMetadata, out var k) && k?.ToString() == key);
    }
}
