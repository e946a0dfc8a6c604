using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Sources;
using Marten;

namespace ClaimsLedger.Api.Tests.Support;

public static class ReadModels
{
    /// <summary>Every read model document, serialized in id order: what a rebuild must reproduce exactly.</summary>
    public static async Task<Dictionary<string, string>> SnapshotAsync(IDocumentStore store)
    {
        await using var s = store.QuerySession();
        return new Dictionary<string, string>
        {
            [nameof(SourceDetails)] = Json(await s.Query<SourceDetails>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(SourceText)] = Json(await s.Query<SourceText>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(ClaimDetails)] = Json(await s.Query<ClaimDetails>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(SourceClaimLink)] = Json(await s.Query<SourceClaimLink>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(SubjectAlignment)] = Json(await s.Query<SubjectAlignment>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(AlignmentClaim)] = Json(await s.Query<AlignmentClaim>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(AlignmentSource)] = Json(await s.Query<AlignmentSource>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(AlignmentChange)] = Json(await s.Query<AlignmentChange>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(AlignmentSnapshot)] = Json(await s.Query<AlignmentSnapshot>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(ContributionSpan)] = await RowsAsync<ContributionSpan>(store),
            [nameof(Contradiction)] = await RowsAsync<Contradiction>(store),
            [nameof(ContradictionClaim)] = Json(await s.Query<ContradictionClaim>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(ContradictionSource)] = Json(await s.Query<ContradictionSource>().OrderBy(x => x.Id).ToListAsync()),
            [nameof(ContradictionCandidate)] = await RowsAsync<ContradictionCandidate>(store),
        };
    }

    private static string Json<T>(IReadOnlyList<T> docs) => JsonSerializer.Serialize(docs);

    /// <summary>
    /// A type's rows, every column, in id order: for the types that keep members in their columns alone
    /// (<see cref="ColumnOnlyAttribute"/>), which Marten's loads leave unset. An empty table where there is none yet, as Marten's
    /// queries make one.
    /// </summary>
    private static async Task<string> RowsAsync<T>(IDocumentStore store)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(T));
        await using var s = store.QuerySession();
        var rows = await s.AdvancedSql.QueryAsync<string>($"select coalesce(json_agg(t order by t.id), '[]')::text from {DocumentTable.Of<T>(store)} as t", CancellationToken.None);
        return rows.Single();
    }
}
