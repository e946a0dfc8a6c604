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
public sealed class SequenceReplayTests(LedgerFixture fixture) : LedgerTest(fixture)
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

        var (whole, wholeReplay) = await ReplayAsync(ceiling, maxWritesPerSave: int.MaxValue);
        var (parts, partsReplay) = await ReplayAsync(ceiling, maxWritesPerSave: 100);

        partsReplay.Saves.ShouldBeGreaterThan(wholeReplay.Saves * 4);
        foreach (var key in AlignmentDocuments)
        {
            parts[key].ShouldBe(whole[key], key);
            parts[key].ShouldBe(live[key], key);
        }
        live[nameof(ContributionSpan)].ShouldNotBe("[]");
    }

    [Fact]
    public async Task a_run_of_regrades_after_thousands_of_claims_is_split_into_saves_before_it_is_built()
    {
        // 1,000 claims on 8 sources, then 24 regrades in a row, each re-scoring the 125 claims of its source: a claim
        // writes a few documents, a regrade hundreds. Sized by the claims before them, the regrades went into one save.
        await BulkLedger.AppendAsync(Fixture.Store, claims: 1000, regradesAtEnd: 24);
        await Fixture.WaitForProjectionsAsync();
        var ceiling = await TableSwap.PositionAsync(Fixture.Store, $"{AlignmentProjection.Name}:All", CancellationToken.None);
        var live = await ReadModels.SnapshotAsync(Fixture.Store);

        // Every event saved alone: the most documents a single event writes, the least any replay can hold at once.
        var (_, alone) = await ReplayAsync(ceiling, maxWritesPerSave: 1);
        var (planned, replay) = await ReplayAsync(ceiling, maxWritesPerSave: 100);

        alone.MostWritesBuilt.ShouldBeGreaterThan(100, "a regrade should write more than a save may hold, or this ledger tests nothing");
        replay.MostWritesBuilt.ShouldBeLessThanOrEqualTo(2 * alone.MostWritesBuilt,
            $"{replay.Saves} saves, {replay.Dropped} dropped: the run of regrades was built into saves far beyond the budget");
        foreach (var key in AlignmentDocuments) planned[key].ShouldBe(live[key], key);
    }

    private async Task<(Dictionary<string, string> Documents, SequenceReplay Replay)> ReplayAsync(long ceiling, int maxWritesPerSave)
    {
        await TableSwap.DropRebuildSchemaAsync(Fixture.Store, RebuildStore.SchemaFor(AlignmentProjection.Name), CancellationToken.None);
        try
        {
            await using var rebuilt = RebuildStore.Create(Fixture.Services, AlignmentProjection.Name);
            var source = rebuilt.Options.Projections.All.Single(p => p.Name == AlignmentProjection.Name);
            foreach (var type in ((IPublishesTypes)source).PublishedTypes()) await rebuilt.Storage.Database.EnsureStorageExistsAsync(type);
            var projection = (IJasperFxProjection<IDocumentOperations>)((IProjectionWrapper)source).InnerProjection;
            var replay = new SequenceReplay(rebuilt, projection, _ => { }, maxWritesPerSave);
            await replay.CatchUpAsync(ceiling, CancellationToken.None);
            return (await ReadModels.SnapshotAsync(rebuilt), replay);
        }
        finally
        {
            await TableSwap.DropRebuildSchemaAsync(Fixture.Store, RebuildStore.SchemaFor(AlignmentProjection.Name), CancellationToken.None);
        }
    }
}
