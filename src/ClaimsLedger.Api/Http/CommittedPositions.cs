using Marten.Services;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// The positions a request's own commits reached, handed from the commit to the HTTP answer. Marten's quick append returns
/// the sequence each event drew and writes it onto the event, so the answer need not query the events table for it after
/// the commit (a statement and a pooled-connection lease less per write). A request that wants them calls
/// <see cref="Watch"/> before it sends its command; every commit in that flow (the command's handler with its inline
/// projections) adds its events. Commits outside such a request (the daemon, the seeds) find no watcher and add nothing.
/// </summary>
public sealed class CommittedPositions : DocumentSessionListenerBase
{
    private static readonly AsyncLocal<Reached?> Current = new();

    /// <summary>Starts collecting the positions of this flow's commits, and keeps them with the request for its answer.</summary>
    public static void Watch(HttpContext http) => http.Features.Set(Collect());

    /// <summary>
    /// Collects the positions of the commits that follow in this flow into <paramref name="reached"/> (a new collection
    /// when none is given): how a writer that commits for requests waiting elsewhere (<see cref="Claims.SharedCommits"/>)
    /// learns what each reached.
    /// </summary>
    public static Reached Collect(Reached? reached = null)
    {
        reached ??= new Reached();
        Current.Value = reached;
        return reached;
    }

    /// <summary>What the request's commits reached so far (nothing when it watched none).</summary>
    public static Reached Of(HttpContext http) => http.Features.Get<Reached>() ?? new Reached();

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (Current.Value is { } reached)
            foreach (var e in commit.GetEvents())
                if (e.StreamKey is { } stream && e.Sequence > 0) reached.Positions[(stream, e.Version)] = e.Sequence;
        return Task.CompletedTask;
    }

    /// <summary>The sequence of each event committed, by its stream and the version it brought the stream to.</summary>
    public sealed class Reached
    {
        internal Dictionary<(string Stream, long Version), long> Positions { get; } = [];

        public bool TryGet(string stream, long version, out long position) => Positions.TryGetValue((stream, version), out position);

        /// <summary>The last position the flow's commits reached; null when it committed nothing.</summary>
        public long? Highest => Positions.Count == 0 ? null : Positions.Values.Max();

        public void Add(string stream, long version, long position) => Positions[(stream, version)] = position;
    }
}
