namespace ClaimsLedger.Api.Commands;

/// <summary>
/// Who sent a command. The HTTP layer authenticates the caller and Wolverine relays the principal's name onto the
/// envelope (EnableRelayOfUserName), which also stamps Marten's user_name on every event; in-process senders (seeds,
/// the extractor, the rebuild worker) set it on their message context. A command without one is a bug, not a request.
/// </summary>
public static class Actors
{
    public static string Of(Envelope envelope) =>
        envelope.UserName is { Length: > 0 } name ? name
        : throw new InvalidOperationException($"{envelope.Message?.GetType().Name} was sent without an actor; every change needs one.");
}
