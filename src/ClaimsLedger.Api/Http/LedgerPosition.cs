using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Configuration;
using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Read your own writes. Every write answers the position it reached (<see cref="Header"/> and a <c>position</c> field);
/// a read given <c>minPosition</c> (or <see cref="MinHeader"/>) waits, bounded, until what it reads has reached that
/// position, and every read says in <see cref="Header"/> which position it reflects. Claims, sources and provenance are
/// projected in the writing transaction, so they have always reached any committed position; the alignment (and the
/// history, diffs and reports built from it) is projected asynchronously, so those reads wait for it.
/// </summary>
public sealed class LedgerPosition(RequestDelegate next, IDocumentStore store, SharedProgress progress, LedgerOptions options)
{
    public const string Header = "X-Ledger-Position";
    public const string MinHeader = "X-Ledger-Min-Position";
    public const string MinQuery = "minPosition";
    /// <summary>How often a read waiting for the projections looks at their progress again.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task<long> OfStreamAsync(IQuerySession query, string streamId, long version, CancellationToken ct) =>
        // At the version the command left it, not the stream's latest: a concurrent write to the same stream may already
        // have moved it on, and its position is not this write's. Version 0: an answer about another, existing stream
        // (a registration that found the same text under another id), whose latest position is the answer.
        version > 0
            ? await query.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamId && e.Version <= version).MaxAsync(e => e.Sequence, ct)
            : await query.Events.QueryAllRawEvents().Where(e => e.StreamKey == streamId).MaxAsync(e => e.Sequence, ct);

    /// <summary>
    /// The position of each stream at each version named: the sequence of the event that brought it there. A write that
    /// moved one stream twice (a batch repeating a claim) reached two positions, and each answer names its own. Those the
    /// request's own commits reached are known (<paramref name="committed"/>); only the others are read.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(string Stream, long Version), long>> OfVersionsAsync(IQuerySession query,
        IReadOnlyCollection<(string Stream, long Version)> versions, CommittedPositions.Reached committed, CancellationToken ct)
    {
        var positions = new Dictionary<(string Stream, long Version), long>();
        foreach (var (stream, version) in versions)
            if (committed.TryGet(stream, version, out var position)) positions[(stream, version)] = position;
        var wanted = versions.Where(v => !positions.ContainsKey(v)).ToHashSet();
        if (wanted.Count == 0) return positions;
        var streams = wanted.Select(v => v.Stream).Distinct(StringComparer.Ordinal).ToArray();
        var events = await query.Events.QueryAllRawEvents().Where(e => e.StreamKey.IsOneOf(streams))
            .Select(e => new { e.StreamKey, e.Version, e.Sequence }).ToListAsync(ct);
        foreach (var e in events.Where(e => wanted.Contains((e.StreamKey!, e.Version)))) positions[(e.StreamKey!, e.Version)] = e.Sequence;
        return positions;
    }

    /// <summary>Says which position a write reached, for a client that reads the header rather than the body.</summary>
    public static void Answer(HttpContext http, long position) => http.Response.Headers[Header] = position.ToString(CultureInfo.InvariantCulture);

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        var errors = new FieldErrors();
        var (wanted, field) = Wanted(http, errors);
        if (errors.Any)
        {
            await errors.ToProblem().ExecuteAsync(http);
            return;
        }
        var projected = AsyncProjectionsRead(http.Request.Path);
        var (reached, shards) = await ReachedAsync(projected, fresh: false, http.RequestAborted);
        // The shared answer may be a few milliseconds older than the write asked about: look again before waiting.
        if (wanted is { } min && reached < min && ((reached, shards) = await ReachedAsync(projected, fresh: true, http.RequestAborted)).reached < min)
        {
            // A position past the last committed event was answered by no write: waiting cannot help, and a 503 would
            // tell the client to retry what is its own mistake.
            if (await LastCommittedAsync(http.RequestAborted) is var last && min > last)
            {
                await Problems.Invalid(field, $"position {min} is beyond the ledger's last position ({last}); use the position a write answered.")
                    .ExecuteAsync(http);
                return;
            }
            var deadline = DateTime.UtcNow + options.ReadYourWrites.MaxWait;
            while (reached < min && DateTime.UtcNow < deadline)
            {
                await Task.Delay(Poll, http.RequestAborted);
                (reached, shards) = await ReachedAsync(projected, fresh: true, http.RequestAborted);
            }
            if (reached < min)
            {
                http.Response.Headers.RetryAfter = "1";
                await Problems.Invalid(field, $"position {min} has not been projected yet (at {reached}); retry shortly.",
                    StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
                return;
            }
        }
        http.Response.Headers[Header] = reached.ToString(CultureInfo.InvariantCulture);
        if (Cacheable(http.Request.Path) && Positions(projected, shards) is { } positions) http.Features.Set(positions);
        await next(http);
    }

    /// <summary>The position asked for (the larger of the query value and the header) and which of them asked for it.</summary>
    private static (long? Position, string Field) Wanted(HttpContext http, FieldErrors errors)
    {
        (long? Position, string Field) wanted = (null, MinQuery);
        foreach (var (field, text) in new[] { (MinQuery, http.Request.Query[MinQuery].ToString()), (MinHeader, http.Request.Headers[MinHeader].ToString()) })
        {
            if (text.Length == 0) continue;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                errors.Add(field, "must be a ledger position: a whole number from 0, as a write's X-Ledger-Position gives it.");
            else if (wanted.Position is null || position > wanted.Position) wanted = (position, field);
        }
        return wanted;
    }

    private Task<long> LastCommittedAsync(CancellationToken ct) => LastCommittedAsync(store, ct);

    /// <summary>The position of the last committed event (0 for an empty ledger).</summary>
    public static async Task<long> LastCommittedAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The async projections a read serves from: an alignment (and the list of them) also counts its subject's contradictions;
    /// its contributions, history and diffs, and the change feed, are the alignment projection's alone.
    /// </summary>
    public static string[] AsyncProjectionsRead(PathString path) =>
        path.StartsWithSegments("/api/alignments") && AlignmentOnly(path) ? [AlignmentProjection.Name]
        : path.StartsWithSegments("/api/alignments") ? [AlignmentProjection.Name, Contradictions.ContradictionProjection.Name]
        : path.StartsWithSegments("/api/reports") ? [AlignmentProjection.Name]
        : path.StartsWithSegments("/api/contradictions") ? [Contradictions.ContradictionProjection.Name]
        : [];

    private static bool AlignmentOnly(PathString path) =>
        path.StartsWithSegments("/api/alignments/changes")
        || path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, "contributions" or "history" or "diff"];

    /// <summary>
    /// Reads served from the async projections alone (<see cref="ProjectedReadCache"/>): the alignments and what they are built of.
    /// Not the change feed (a long poll or an event stream), reports (as of now by default, and built from claims and sources
    /// too) nor contradictions (with sources' grades now).
    /// </summary>
    private static bool Cacheable(PathString path) =>
        path.StartsWithSegments("/api/alignments") && !path.StartsWithSegments("/api/alignments/changes");

    /// <summary>
    /// The positions of the projections read, from the lookup the header's position came from: each with when its progress was
    /// last written, so a ledger reset to nothing and filled again never meets an answer cached at the same numbers.
    /// </summary>
    private static ProjectedPositions? Positions(string[] projected, IReadOnlyList<ShardState> shards)
    {
        var states = projected.Select(name => SharedProgress.ShardOf(shards, name)).ToList();
        if (states.Any(s => s?.LastUpdated is null)) return null;
        return new ProjectedPositions(string.Join(";", states.Select(s => $"{s!.ShardName}={s.Sequence}@{s.LastUpdated!.Value.UtcTicks}")));
    }

    /// <summary>How far what the request reads has come: the slowest of the async projections it reads, or every committed event.</summary>
    private async Task<(long reached, IReadOnlyList<ShardState> shards)> ReachedAsync(string[] projected, bool fresh, CancellationToken ct)
    {
        var shards = await progress.ReadAsync(fresh, ct);
        if (projected.Length > 0)
            return (SharedProgress.Slowest(shards, projected), shards);
        if (shards.FirstOrDefault(p => p.ShardName == "HighWaterMark") is { } shard) return (shard.Sequence, shards);
        return (await LastCommittedAsync(ct), shards);
    }
}

/// <summary><c>ClaimsLedger:ReadYourWrites</c>.</summary>
public sealed class ReadYourWritesOptions
{
    /// <summary>How long a read given minPosition, or a read as of an instant not yet settled, waits for the projections before answering 503.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}
