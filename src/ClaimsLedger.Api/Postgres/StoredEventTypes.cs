using ClaimsLedger.Api.Vocabulary;
using Marten.Events;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Event types by the names Marten stores them under (<c>mt_events.type</c>, snake case): the names the change feed serves,
/// subscriptions filter on, exports carry and replays select streams by. One place asks Marten's event graph for them.
/// </summary>
public static class StoredEventTypes
{
    /// <summary>The stored name of one event type.</summary>
    public static string NameOf(IDocumentStore store, Type eventType) => Graph(store).EventMappingFor(eventType).EventTypeName;

    /// <summary>Every ledger event type (all of them say who acted: <see cref="IActorEvent"/>) by its stored name.</summary>
    public static IReadOnlyDictionary<string, Type> Ledger(IDocumentStore store) =>
        typeof(IActorEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IActorEvent).IsAssignableFrom(t))
            .ToDictionary(t => NameOf(store, t), StringComparer.Ordinal);

    // Marten's public options expose the events as a read-only view without the type mappings; the graph has them.
    private static EventGraph Graph(IDocumentStore store) => (EventGraph)((DocumentStore)store).Options.Events;
}
