using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Admin;

// The stored schema of a rebuild stream (stream id: rebuild-{id}). A rebuild changes no fact of the ledger,
// but it rewrites every read model an analyst relies on, so who asked for it, when and how it ended is
// audited like any other change. No projection handles these events: the alignment switches on event types
// and the single-stream projections only see the event types they declare.
// Completion and failure carry the requester as actor: the background worker acts on their behalf.

/// <summary>An operator asked to rebuild these projections from the events; <paramref name="Total"/> is the work counted up front.</summary>
public sealed record ProjectionRebuildRequested(string RebuildId, IReadOnlyList<string> Projections, long Total, string Actor) : IActorEvent;

/// <summary>Every projection was replayed to the end and its async agent, if any, is running again.</summary>
public sealed record ProjectionRebuildCompleted(string RebuildId, long Processed, long Total, string Actor) : IActorEvent;

/// <summary>The rebuild stopped on an error; projections replayed before it are complete, the failing one is partial.</summary>
public sealed record ProjectionRebuildFailed(string RebuildId, long Processed, long Total, string Error, string Actor) : IActorEvent;

public static class RebuildStreams
{
    public static string IdFor(string rebuildId) => StreamIds.Rebuild + rebuildId;
}

/// <summary>The write model of a rebuild stream: whether it has ended.</summary>
public sealed partial record RebuildState(string Id, bool Ended) : IWriteModel
{
    public static string Kind => "Rebuild";

    public long Version { get; set; }

    public static RebuildState Create(ProjectionRebuildRequested e) => new(RebuildStreams.IdFor(e.RebuildId), false);
    public RebuildState Apply(ProjectionRebuildCompleted _) => this with { Ended = true };
    public RebuildState Apply(ProjectionRebuildFailed _) => this with { Ended = true };
}
