using System.Globalization;

namespace ClaimsLedger.Api.Changes;

public static class GetChangesEndpoint
{
    /// <summary>
    /// The ledger's events after <c>after</c>, oldest first, optionally only some <c>types</c> and <c>streams</c> (ids, or
    /// prefixes ending in <c>*</c>). With <c>Accept: text/event-stream</c>, the same as server-sent events that follow
    /// the ledger live, resuming after <c>Last-Event-ID</c>.
    /// </summary>
    [WolverineGet("/api/changes", OperationId = "GetChanges")]
    [ChoosesRendering]
    [Tags("Changes")]
    [ProducesResponseType<ChangePage>(StatusCodes.Status200OK, "application/json", ServerSentEventsResult.MediaType)]
    public static async Task<IResult> Get(string? after, int? limit, string? types, string? streams, HttpContext http, IDocumentStore store,
        CancellationToken ct)
    {
        if (ContentNegotiation.Choose(http.Request, ServerSentEventsResult.Renderings) is not { } rendering)
            return ContentNegotiation.NotAcceptable(ServerSentEventsResult.Renderings);
        var sse = rendering == ServerSentEventsResult.MediaType;
        var errors = new FieldErrors();
        var start = Position(ServerSentEventsResult.LastEventId(http.Request) is { } resume && sse ? ("Last-Event-ID", resume) : ("after", after), errors);
        var size = limit ?? ChangeFeed.DefaultLimit;
        if (size is < 1 or > ChangeFeed.MaxLimit) errors.Add("limit", $"must be between 1 and {ChangeFeed.MaxLimit}.");
        var typeNames = List(types);
        var known = ChangeFeed.EventTypes(store);
        foreach (var t in typeNames.Where(t => !known.Contains(t)))
            errors.Add("types", $"'{t}' is not an event type of the ledger ({string.Join(", ", known.Order())}).");
        var streamNames = List(streams);
        if (streamNames.Count > ChangeFeed.MaxStreams) errors.Add("streams", $"must list at most {ChangeFeed.MaxStreams} streams.");
        foreach (var s in streamNames.Where(s => !IsStreamFilter(s)))
            errors.Add("streams", $"'{s}' must be a stream id, or a prefix followed by one final * (clm-*).");
        if (errors.Any) return errors.ToProblem();

        var query = new ChangeQuery(start, size, typeNames,
            streamNames.Where(s => !s.EndsWith('*')).ToList(), streamNames.Where(s => s.EndsWith('*')).Select(s => s[..^1]).ToList());
        if (!sse)
        {
            var progress = await LedgerProgress.ReadAsync(store, ct);
            await using var session = store.QuerySession();
            return Results.Ok(await ChangeFeed.ReadAsync(session, query, progress.Head, ct));
        }
        return new ServerSentEventsResult(start.ToString(CultureInfo.InvariantCulture), async (cursor, token) =>
        {
            var progress = await LedgerProgress.ReadAsync(store, token);
            var from = long.Parse(cursor, CultureInfo.InvariantCulture);
            await using var session = store.QuerySession();
            var page = await ChangeFeed.ReadAsync(session, query with { After = from }, progress.Head, token);
            var messages = page.Items.Select(e => new SseMessage(e.Position.ToString(CultureInfo.InvariantCulture), e.Type, e)).ToList();
            // Caught up (no next): everything up to the head has been scanned, so the next read starts there.
            var next = page.Next ?? Math.Max(from, progress.Head);
            return new SsePage(messages, next.ToString(CultureInfo.InvariantCulture), page.Next is not null, progress.Head);
        }, p => p.Head);
    }

    private static long Position((string Field, string? Text) given, FieldErrors errors)
    {
        if (given.Text is null) return 0;
        if (long.TryParse(given.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) return position;
        errors.Add(given.Field, "must be a ledger position: a whole number from 0 (a write's position, an entry's position or next).");
        return 0;
    }

    private static bool IsStreamFilter(string s) => 
        s.Length is > 0 and <= 200 && s != "*" && (s.IndexOf('*') < 0 || s.IndexOf('*') == s.Length - 1);

    private static List<string> List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
