namespace ClaimsLedger.Api.Http;

/// <summary>
/// The HTTP face of every command, in one place: who is acting (the authenticated caller, see Access/), the request's correlation id, the body and its
/// fields, the version the client expects (body or If-Match), then the command through Wolverine
/// (<c>InvokeAsync</c> → the command's handler → events → inline projections, one transaction), and the outcome
/// mapped to HTTP. Idempotency-Key is Wolverine's, applied to every write endpoint by <see cref="IdempotentWrites"/>.
/// </summary>
public static class CommandEndpoint
{
    /// <summary>What a request body offers to become a command: its own fields checked, and the version the client expects.</summary>
    public delegate TCommand ToCommand<in TBody, out TCommand>(TBody body, long? expectedVersion, FieldErrors errors);

    /// <summary>
    /// How a command reaches its handler when not through Wolverine's <c>InvokeAsync</c> from the request itself (a claim's
    /// POST waits to share a commit, <see cref="Claims.SharedCommits"/>): the positions its commit reached go to <paramref name="reached"/>.
    /// </summary>
    public delegate Task<TAnswer> Invoke<in TCommand, TAnswer>(TCommand command, string actor, string correlationId, CommittedPositions.Reached reached);

    /// <summary>How an endpoint answers a command that was applied (or had nothing to change).</summary>
    public delegate Task<IResult> Respond(CommandOutcome outcome, IQuerySession query, CancellationToken ct);

    public static Task<IResult> SendAsync<TBody, TCommand>(this IMessageContext bus, HttpContext http, TBody? body,
        ToCommand<TBody, TCommand> toCommand, Respond respond, Invoke<TCommand, CommandOutcome>? invoke = null) where TBody : class where TCommand : notnull =>
        bus.SendAsync<TBody, TCommand, CommandOutcome>(http, body, toCommand, async (outcome, query, ct) =>
        {
            if (outcome.Refusal is { } refusal) return Problems.For(refusal);
            // From the commit when the command wrote; a command that changed nothing reached its stream's position earlier. A
            // command that also wrote other streams (a merge, the claims a source's extraction proposed) reached the last of
            // its events, so a read given that position sees all of them.
            var reached = CommittedPositions.Of(http);
            var position = Math.Max(reached.Highest ?? 0, reached.TryGet(outcome.StreamId, outcome.Version, out var committed)
                ? committed : await LedgerPosition.OfStreamAsync(query, outcome.StreamId, outcome.Version, ct));
            LedgerPosition.Answer(http, position);
            // The stream's new version, for the next If-Match: a client can chain writes without reading in between.
            if (body is IVersionedRequest) http.Response.Headers.ETag = ExpectedVersion.ETag(outcome.Version);
            return await respond(outcome with { Position = position }, query, ct);
        }, invoke: invoke);

    /// <summary>
    /// The same path for a command whose handler answers something other than one stream's outcome (a batch answers one
    /// outcome per item); <paramref name="respond"/> maps that answer to HTTP. Unless <paramref name="paced"/> is false, the
    /// command waits while the alignment trails the acknowledged writes (<see cref="WriteBackpressure"/>).
    /// </summary>
    public static async Task<IResult> SendAsync<TBody, TCommand, TAnswer>(this IMessageContext bus, HttpContext http, TBody? body,
        ToCommand<TBody, TCommand> toCommand, Func<TAnswer, IQuerySession, CancellationToken, Task<IResult>> respond, bool paced = true,
        Invoke<TCommand, TAnswer>? invoke = null)
        where TBody : class where TCommand : notnull
    {
        // Authorization has already admitted an authenticated caller (AccessPolicy); its name is the actor.
        var actor = http.User.Identity?.Name ?? throw new InvalidOperationException("A command endpoint was reached without an authenticated caller.");
        if (body is null) return Problems.Invalid("body", "a JSON object is required.");

        var errors = new FieldErrors();
        var versioned = body as IVersionedRequest;
        var expected = ExpectedVersion.Read(http, versioned?.ExpectedVersion, versioned?.FirstVersion ?? 1, errors);
        var command = toCommand(body, expected, errors);
        if (errors.Any) return errors.ToProblem();

        if (paced) await http.RequestServices.GetRequiredService<WriteBackpressure>().WaitAsync(http.RequestServices, http.RequestAborted);
        CommittedPositions.Watch(http);
        var answer = invoke is null
            ? await bus.InvokeAsActorAsync<TAnswer>(command, actor, Correlation.Of(http), http.RequestAborted)
            : await invoke(command, actor, Correlation.Of(http), CommittedPositions.Of(http));
        await using var query = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
        return await respond(answer, query, http.RequestAborted);
    }

    /// <summary>Sends a command as <paramref name="actor"/>; in-process senders (seeds, the extractor) use this directly.</summary>
    public static Task<CommandOutcome> SendAsync(this IMessageContext bus, object command, string actor, string? correlationId, CancellationToken ct) =>
        bus.InvokeAsActorAsync<CommandOutcome>(command, actor, correlationId, ct);

    /// <summary>Sends a command as <paramref name="actor"/> and returns what its handler answers.</summary>
    public static Task<TAnswer> InvokeAsActorAsync<TAnswer>(this IMessageContext bus, object command, string actor, string? correlationId, CancellationToken ct)
    {
        Time.CommitInstant.Begin();
        bus.UserName = actor;
        if (correlationId is not null) bus.CorrelationId = correlationId;
        return bus.InvokeAsync<TAnswer>(command, ct);
    }
}

/// <summary>A request body that may carry the version the client last saw.</summary>
public interface IVersionedRequest
{
    long? ExpectedVersion { get; }

    /// <summary>
    /// The lowest version the resource is ever at, and so the lowest a client may demand: 1 for what exists from its first
    /// event (claims, sources), 0 for a contradiction, whose ETag is "0" until its first resolution.
    /// </summary>
    long FirstVersion => 1;
}
