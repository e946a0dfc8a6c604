namespace ClaimsLedger.Api.Commands;

/// <summary>What a command amounted to: a new stream, a change to an existing one, or nothing.</summary>
public enum Outcome { Created, Changed, Unchanged }

/// <summary>
/// What a decide function concluded, knowing nothing of HTTP: the events to append and what they amount to, or a
/// refusal. No events means nothing changed, which is how every command stays safe to repeat.
/// </summary>
public sealed record Decision(Outcome Outcome, IReadOnlyList<object> Events, Refusal? Refusal = null, string? ExistingStreamId = null)
{
    public static readonly Decision Unchanged = new(Outcome.Unchanged, []);

    public static Decision Create(params object[] events) => new(Outcome.Created, events);

    public static Decision Change(params object[] events) => new(Outcome.Changed, events);

    public static Decision Refuse(Refusal refusal) => new(Outcome.Unchanged, [], refusal);

    /// <summary>Nothing to do because the ledger already holds it, under another stream (the same source text registered before).</summary>
    public static Decision AlreadyAt(string streamId) => new(Outcome.Unchanged, [], null, streamId);
}

public enum RefusalKind { NotFound, Conflict, Unprocessable }

/// <summary>A domain "no": the command is understood but cannot be applied to the ledger as it stands.</summary>
public sealed record Refusal(RefusalKind Kind, string Detail, string? Field = null)
{
    public static Refusal NotFound(string field, string what) => new(RefusalKind.NotFound, $"{what} does not exist.", field);

    public static Refusal Conflict(string detail) => new(RefusalKind.Conflict, detail);

    public static Refusal Unprocessable(string field, string detail) => new(RefusalKind.Unprocessable, detail, field);
}
