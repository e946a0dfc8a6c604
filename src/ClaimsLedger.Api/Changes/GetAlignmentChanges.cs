using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Changes;

public static class GetAlignmentChangesEndpoint
{
    /// <summary>
    /// Every <c>alignment.changed</c> notification after <c>after</c> (a position, or a cursor from a page), in the order of
    /// the events that caused them, optionally for some <c>subjects</c>; with <c>Accept: text/event-stream</c>, live.
    /// The literal segment outranks <c>/api/alignments/{subject}</c> in routing, and "changes" is no subject anyway.
    /// </summary>
    [WolverineGet("/api/alignments/changes", OperationId = "GetAlignmentChanges")]
    [ChoosesRendering]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentChangePage>(StatusCodes.Status200OK, "application/json", ServerSentEventsResult.MediaType)]
    public static async Task<IResult> Get(string? after, int? limit, string? subjects, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (ContentNegotiation.Choose(http.Request, ServerSentEventsResult.Renderings) is not { } rendering)
            return ContentNegotiation.NotAcceptable(ServerSentEventsResult.Renderings);
        var sse = rendering == ServerSentEventsResult.MediaType;
        var errors = new FieldErrors();
        var (field, given) = ServerSentEventsResult.LastEventId(http.Request) is { } resume && sse ? ("Last-Event-ID", resume) : ("after", after);
        if (!AlignmentCursor.TryParse(given, out var start)) errors.Add(field, AlignmentCursor.Rule);
        var size = limit ?? ChangeFeed.DefaultLimit;
        if (size is < 1 or > ChangeFeed.MaxLimit) errors.Add("limit", $"must be between 1 and {ChangeFeed.MaxLimit}.");
        var wanted = subjects?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList() ?? [];
        foreach (var s in wanted.Where(s => !Codes.IsSubject(s))) errors.Add("subjects", $"'{s}' must be {Codes.SubjectRule}.");
        if (errors.Any) return errors.ToProblem();

        if (!sse)
        {
            var progress = await LedgerProgress.ReadAsync(store, ct);
            await using var session = store.QuerySession();
            return Results.Ok(await AlignmentChangeFeed.ReadAsync(session, start, wanted, size, progress.Alignment, ct));
        }
        return new ServerSentEventsResult(start.ToString(), async (cursor, token) =>
        {
            // Progress first: a change committed after this read is then beyond it, and wakes the stream.
            var progress = await LedgerProgress.ReadAsync(store, token);
            AlignmentCursor.TryParse(cursor, out var from);
            await using var session = store.QuerySession();
            var page = await AlignmentChangeFeed.ReadAsync(session, from, wanted, size, progress.Alignment, token);
            var messages = page.Items.Select(c => new SseMessage(c.Cursor, AlignmentChangeEntry.Type, c)).ToList();
            return new SsePage(messages, page.Items.Count > 0 ? page.Items[^1].Cursor : cursor, page.Next is not null, progress.Alignment);
        }, p => p.Alignment);
    }
}
