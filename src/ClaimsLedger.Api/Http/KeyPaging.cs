using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// One page of a filtered, ordered list of documents in three cheap steps instead of Marten's one
/// <c>count(*) over()</c> query, which reads and sorts every matching document to count them: the page's ids from the
/// index that orders them (an index-only scan that never reads a document), the total from the same index (skipped when
/// the page itself shows where the list ends), then the page's documents by id. A page costs what it returns, plus an index
/// walk, however many documents match.
/// </summary>
public static class KeyPaging
{
    // Compiled once per id property: compiling the expression on every page emitted and JIT-compiled a new method per request.
    private static readonly ConcurrentDictionary<(Type, MemberInfo), Delegate> IdGetters = new();

    /// <summary>
    /// A page of the list and its total. <c>counted</c> gives the total as a projection keeps it, when it does (null: counted in
    /// the index), so a long list is not walked to its end for the total.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(this IQuerySession session, IQueryable<T> filtered,
        Func<IQueryable<T>, IQueryable<T>> order, Expression<Func<T, string>> id, int page, int size, CancellationToken ct,
        Func<CancellationToken, Task<long?>>? counted = null)
        where T : notnull
    {
        var (ids, total) = await PageIdsAsync(filtered, order, id, page, size, ct, counted);
        if (ids.Count == 0) return ([], total);
        var idOf = id.Body is MemberExpression { Member: var member, Expression: ParameterExpression }
            ? (Func<T, string>)IdGetters.GetOrAdd((typeof(T), member), _ => id.Compile())
            : id.Compile();
        return (await session.LoadInOrderAsync(ids, idOf, ct), total);
    }

    /// <summary>
    /// The page's ids and the list's total (<see cref="PageAsync{T}"/>), for a caller that reads the page as something other
    /// than whole documents.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Ids, long Total)> PageIdsAsync<T>(IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order,
        Expression<Func<T, string>> id, int page, int size, CancellationToken ct, Func<CancellationToken, Task<long?>>? counted = null)
        where T : notnull
    {
        var skip = (page - 1) * size;
        var ids = await order(filtered).Select(id).Skip(skip).Take(size).ToListAsync(ct);
        var total = ShowsTheEnd(ids.Count, skip, size)
            ? skip + ids.Count
            : (counted is null ? null : await counted(ct)) ?? await filtered.LongCountAsync(ct);
        return (ids, total);
    }

    /// <summary>
    /// Whether a page of <paramref name="count"/> items after <paramref name="skip"/> shows where its list ends, so the
    /// list's total is <paramref name="skip"/> + <paramref name="count"/> with no count: a short page that is not empty is
    /// the last one, and an empty first page is an empty list. (An empty page further on may lie past the end.)
    /// </summary>
    public static bool ShowsTheEnd(int count, int skip, int size) => count is > 0 && count < size || count == 0 && skip == 0;

    /// <summary>
    /// The documents with these ids, in the ids' order. A document gone between reading its id and loading it (deleted, or
    /// not in a table a rebuild swapped in meanwhile) is left out rather than failing the read.
    /// </summary>
    public static async Task<IReadOnlyList<T>> LoadInOrderAsync<T>(this IQuerySession session, IReadOnlyList<string> ids, Func<T, string> idOf,
        CancellationToken ct) where T : notnull
    {
        if (ids.Count == 0) return [];
        return InOrder(ids, await session.LoadManyAsync<T>(ct, ids), idOf);
    }

    /// <summary>What was read for these ids, in the ids' order; an id with nothing read is left out.</summary>
    public static IReadOnlyList<T> InOrder<T>(IReadOnlyList<string> ids, IEnumerable<T> found, Func<T, string> idOf)
    {
        var byId = found.ToDictionary(idOf, StringComparer.Ordinal);
        return ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList();
    }
}
