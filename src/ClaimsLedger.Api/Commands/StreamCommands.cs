namespace ClaimsLedger.Api.Commands;

/// <summary>A command: a message that asks the ledger to change, handled by exactly one handler that returns a <see cref="CommandOutcome"/>.</summary>
public interface ILedgerCommand;

/// <summary>A command on one existing stream, optionally demanding the version the sender last saw (optimistic concurrency).</summary>
public interface IStreamCommand : ILedgerCommand
{
    string StreamId { get; }
    long? ExpectedVersion { get; }
}

/// <summary>A write model: what a stream's commands decide on. Marten sets <see cref="Version"/> as it folds the stream.</summary>
public interface IWriteModel
{
    /// <summary>What the stream is called in messages ("Claim", "Source").</summary>
    static abstract string Kind { get; }

    long Version { get; }
}

/// <summary>
/// The one way a handler turns a pure decision into what Wolverine's aggregate handler workflow appends and what the
/// sender is told. Every command file's handler is one call to this, so the rules below hold everywhere:
/// who acted comes from the envelope; a missing stream is a 404; a demanded version that is not the current one is a
/// 409 before anything is decided. A writer that moves the stream after this check is caught by Marten when the
/// events are saved, and the retry policy (<see cref="CommandPolicies"/>) runs the handler again on the newer state.
/// </summary>
public static class Decide
{
    public static (Events, CommandOutcome) OnStream<TState, TCommand>(TCommand command, TState? state, Envelope envelope,
        Func<TState, TCommand, string, Decision> decide)
        where TState : class, IWriteModel where TCommand : IStreamCommand
    {
        if (state is null)
            return Refused(command.StreamId, 0, Refusal.NotFound("id", $"{TState.Kind} '{command.StreamId}'"));
        if (command.ExpectedVersion is { } expected && expected != state.Version)
            return Refused(command.StreamId, state.Version, Refusal.Conflict(
                $"{TState.Kind} '{command.StreamId}' is at version {state.Version}, not {expected}; read it again and retry with the current version."));
        return Outcome(command.StreamId, state.Version, decide(state, command, Actors.Of(envelope)));
    }

    /// <summary>Commands that may start their stream (the state is null when it does not exist yet).</summary>
    public static (Events, CommandOutcome) OnNewOrExisting<TState>(string streamId, TState? state, Func<TState?, Decision> decide)
        where TState : class, IWriteModel =>
        Outcome(streamId, state?.Version ?? 0, decide(state));

    private static (Events, CommandOutcome) Outcome(string streamId, long version, Decision decision)
    {
        if (decision.Refusal is { } refusal) return Refused(streamId, version, refusal);
        var events = new Events();
        events.AddRange(decision.Events);
        return (events, new CommandOutcome(decision.ExistingStreamId ?? streamId, decision.Outcome, version + events.Count));
    }

    private static (Events, CommandOutcome) Refused(string streamId, long version, Refusal refusal) =>
        (new Events(), new CommandOutcome(streamId, Commands.Outcome.Unchanged, version, refusal));
}
