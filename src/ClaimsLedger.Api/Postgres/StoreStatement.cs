using System.Runtime.CompilerServices;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A statement's text for each store, built once: a hot read's SQL names its tables through the store
/// (<see cref="DocumentTable"/>), and building it on every read was a few kilobytes of strings and a mapping lookup per
/// table each time (an as-of read: 8 % of what it allocated). Each store keeps its own text, since a rebuild's store names
/// tables of its own schema; weakly, so a store made and dropped is not kept alive.
/// </summary>
public sealed class StoreStatement(Func<IDocumentStore, string> build)
{
    private readonly ConditionalWeakTable<IDocumentStore, string> _byStore = new();
    private readonly ConditionalWeakTable<IDocumentStore, string>.CreateValueCallback _build = store => build(store);

    public string For(IDocumentStore store) => _byStore.GetValue(store, _build);
}
