namespace ClaimsLedger.Api.Commands;

/// <summary>
/// What a command handler answers to whoever sent the command (an endpoint, the seed loader, the extractor): the
/// stream it acted on, what happened, the stream's version afterwards, or why it was refused.
/// </summary>
public sealed record CommandOutcome(string StreamId, Outcome Outcome, long Version, Refusal? Refusal = null)
{
    /// <summary>
    /// The ledger position the command reached: the global sequence of the stream's last event once it is committed. A
    /// client that reads with this as <c>minPosition</c> sees its own write. Set by the HTTP face after the commit.
    /// </summary>
    public long? Position { get; init; }

    public bool Refused => Refusal is not null;
}
