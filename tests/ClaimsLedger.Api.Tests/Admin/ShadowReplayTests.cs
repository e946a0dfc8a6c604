using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// A rebuild saves fewer events at a time where they write more documents than one save should hold, and a part that
/// still writes too many (a regrade re-scoring every claim on its source) is dropped unsaved and applied again in parts;
/// the documents must come out as pages written whole leave them, which is what the live projection holds.
/// </summary>
public sealed class ShadowReplayTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string[] AlignmentDocuments =
        [nameof(SubjectAlignment), nameof(AlignmentClaim), nameof(AlignmentSource), nameof(AlignmentChange), nameof(AlignmentSnapshot), nameof(ContributionSpan)];

    [Fact]
    public async Task pages_written_in_parts_leave_the_documents_a_page_written_whole_leaves()
    {
        // Three regrades, each re-scoring every claim on its source, among pages of 500 claims.
        await BulkLedger.AppendAsync(Fixture.Store, claims: 3000);
        await Fixture.WaitForProjectionsAsync();
        var ceiling = await TableSwap.PositionAsync(Fixture.Store, $"{AlignmentProjection.Name}:All", CancellationToken.None);
        var live = await ReadModels.SnapshotAsync(Fixture.Store);

        var (whole, wholeSaves) = await ReplayAsync(ceiling, maxWritesPerSave: int.MaxValue);
        var (parts, partSaves) = await ReplayAsync(ceiling, maxWritesPerSave: 100);

        partSaves.ShouldBeGreaterThan(wholeSaves * 4);
        foreach (var key in AlignmentDocuments)
        {
            parts[key].ShouldBe(whole[key], key);
            parts[key].ShouldBe(live[key], key);
        }
        live[nameof(ContributionSpan)].ShouldNotBe("[]");
    }

    private async Task<(Dictionary<string, string> Documents, int Saves)> ReplayAsync(long ceiling, int maxWritesPerSave)
    {
        await TableSwap.DropRebuildSchemaAsync(Fixture.Store, CancellationToken.None);
        try
        {
            await using var rebuilt = RebuildStore.Create(Fixture.Services);
            var source = rebuilt.Options.Projections.All.Single(p => p.Name == AlignmentProjection.Name);
            foreach (var type in ((IPublishesTypes)source).PublishedTypes()) await rebuilt.Storage.Database.EnsureStorageExistsAsync(type);
            var projection = (IJasperFxProjection<IDocumentOperations>)((IProjectionWrapper)source).InnerProjection;
            var replay = new ShadowReplay(rebuilt, projection, _ => { }, maxWritesPerSave);
            await replay.CatchUpAsync(ceiling, CancellationToken.None);
            return (await ReadModels.SnapshotAsync(rebuilt), replay.Saves);
        }
        finally
        {
            await TableSwap.DropRebuildSchemaAsync(Fixture.Store, CancellationToken.None);
        }
    }
}
