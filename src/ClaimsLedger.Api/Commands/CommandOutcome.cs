namespace ClaimsLedger.Api.Commands;

/// <summary>
/// What a command handler answers to whoever sent the command (an endpoint, the seed loader, the extractor): the
/// stream it acted on, what happened, the stream's version afterwards, or why it was refused.
/// </summary>
public sealed record CommandOutcome(string StreamId, Outcome Outcome, long Version, Refusal? Refusal = null)
{
    public bool Refused => Refusal is not null;
}
