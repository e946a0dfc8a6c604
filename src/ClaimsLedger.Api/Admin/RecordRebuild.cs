namespace ClaimsLedger.Api.Admin;

/// <summary>Opens a rebuild's audit stream: who asked for which projections, and how much work that is.</summary>
public sealed record RecordRebuildRequest(string RebuildId, IReadOnlyList<string> Projections, long Total) : ILedgerCommand
{
    public string StreamId => RebuildStreams.IdFor(RebuildId);

    public static Decision Decide(RebuildState? rebuild, RecordRebuildRequest command, string actor) =>
        rebuild is not null ? Decision.Unchanged
        : Decision.Create(new ProjectionRebuildRequested(command.RebuildId, command.Projections, command.Total, actor));
}

/// <summary>Closes a rebuild's audit stream with how it ended; an error means it failed.</summary>
public sealed record RecordRebuildEnd(string RebuildId, long Processed, long Total, string? Error) : IStreamCommand
{
    public string StreamId => RebuildStreams.IdFor(RebuildId);
    public long? ExpectedVersion => null;

    public static Decision Decide(RebuildState rebuild, RecordRebuildEnd command, string actor) =>
        rebuild.Ended ? Decision.Unchanged
        : command.Error is { } error ? Decision.Change(new ProjectionRebuildFailed(command.RebuildId, command.Processed, command.Total, error, actor))
        : Decision.Change(new ProjectionRebuildCompleted(command.RebuildId, command.Processed, command.Total, actor));
}

public static class RecordRebuildRequestHandler
{
    public static (Events, CommandOutcome) Handle(RecordRebuildRequest command,
        [WriteAggregate(nameof(RecordRebuildRequest.StreamId), Required = false)] RebuildState? rebuild, Envelope envelope) =>
        Decide.OnNewOrExisting(command.StreamId, rebuild, existing => RecordRebuildRequest.Decide(existing, command, Actors.Of(envelope)));
}

public static class RecordRebuildEndHandler
{
    public static (Events, CommandOutcome) Handle(RecordRebuildEnd command,
        [WriteAggregate(nameof(RecordRebuildEnd.StreamId), Required = false)] RebuildState? rebuild, Envelope envelope) =>
        Decide.OnStream(command, rebuild, envelope, RecordRebuildEnd.Decide);
}
