using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// A set upsert (many documents of a type in one statement) writes the rows Marten's own upsert of each document writes:
/// the same JSON and every column the type is mapped to, inserted and updated alike.
/// </summary>
public sealed class SetUpsertTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public static TheoryData<string> WrittenSetwise => ["Contradiction", "ContradictionClaim", "ContradictionSource", "ContradictionCandidate",
        "UnresolvedCount", "UnresolvedCountMoment", "AlignmentChange", "AlignmentClaim", "ContributionSpan", "ClaimDetails",
        "AlignmentSource", "AlignmentSnapshot", "SubjectAlignment", "SourceClaimLink", "AuditLink"];

    private static (Type Type, IEnumerable<string> Columns) Declared(string type) => type switch
    {
        "Contradiction" => (typeof(Contradiction), Contradiction.Rows.Columns.Select(c => c.Name)),
        "ContradictionClaim" => (typeof(ContradictionClaim), ContradictionClaim.Rows.Columns.Select(c => c.Name)),
        "ContradictionSource" => (typeof(ContradictionSource), ContradictionSource.Rows.Columns.Select(c => c.Name)),
        "ContradictionCandidate" => (typeof(ContradictionCandidate), ContradictionCandidate.Rows.Columns.Select(c => c.Name)),
        "UnresolvedCount" => (typeof(UnresolvedCount), UnresolvedCount.Rows.Columns.Select(c => c.Name)),
        "UnresolvedCountMoment" => (typeof(UnresolvedCountMoment), UnresolvedCountMoment.Rows.Columns.Select(c => c.Name)),
        "AlignmentChange" => (typeof(AlignmentChange), AlignmentChange.Rows.Columns.Select(c => c.Name)),
        "AlignmentClaim" => (typeof(AlignmentClaim), AlignmentClaim.Rows.Columns.Select(c => c.Name)),
        "ContributionSpan" => (typeof(ContributionSpan), ContributionSpan.Rows.Columns.Select(c => c.Name)),
        "ClaimDetails" => (typeof(ClaimDetails), ClaimDetails.Rows.Columns.Select(c => c.Name)),
        "AlignmentSource" => (typeof(AlignmentSource), AlignmentSource.Rows.Columns.Select(c => c.Name)),
        "AlignmentSnapshot" => (typeof(AlignmentSnapshot), AlignmentSnapshot.Rows.Columns.Select(c => c.Name)),
        "SubjectAlignment" => (typeof(SubjectAlignment), SubjectAlignment.Rows.Columns.Select(c => c.Name)),
        "SourceClaimLink" => (typeof(SourceClaimLink), SourceClaimLink.Rows.Columns.Select(c => c.Name)),
        "AuditLink" => (typeof(AuditLink), AuditLink.Rows.Columns.Select(c => c.Name)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Theory]
    [MemberData(nameof(WrittenSetwise))]
    public async Task a_type_written_setwise_names_every_column_of_its_table(string type)
    {
        var (documentType, columns) = Declared(type);
        // This type's table alone: applying every configured change would add tables other tests expect absent.
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(documentType);
        var table = DocumentTable.Of(Fixture.Store, documentType);
        var actual = await Fixture.RowsAsync($"select attname::text from pg_attribute where attrelid = '{table}'::regclass and attnum > 0 and not attisdropped",
            r => r.GetString(0));
        actual.Order().ShouldBe(new[] { "id", "data" }.Concat(columns).Order());
    }

    [Fact]
    public async Task documents_written_setwise_are_the_rows_marten_writes_inserted_and_updated()
    {
        // Twins: the same documents under ids that differ only in their prefix, one of each written by Marten, the other setwise.
        Contradiction Pair(string prefix, bool active) => new()
        {
            Id = $"{prefix}-pair", Subject = "KZ", ClaimIds = [$"{prefix}-a", $"{prefix}-b"], Active = active, Resolved = !active,
            Conflicts = [new ContradictionConflict("CN", Dimension.Economic, Direction.Toward, Direction.Away)],
            DetectedSequence = 42, DetectedAt = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero),
        };
        ContradictionCandidate Candidate(string prefix, int days) => new()
        {
            Id = $"{prefix}-candidate", Key = "KZ|CN|Economic|Away", ClaimId = $"{prefix}-a",
            ValidStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), ValidEnd = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days),
        };
        // Nullable columns, once null and once not, and numerics.
        ContributionSpan Span(string prefix, bool closed) => new()
        {
            Id = $"{prefix}-span", Subject = "KZ", ClaimId = $"{prefix}-a", Power = "CN", Dimension = Dimension.Economic,
            Contribution = closed ? -0.125m : 0.3333333333333333333333333333m, Weight = closed ? 0.125m : 0.3333333333333333333333333333m,
            ValidStart = closed ? new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero) : null, ValidEnd = null,
            FromSequence = 7, UntilSequence = closed ? 9 : null,
        };

        foreach (var (later, days) in new[] { (false, 30), (true, 60) })
        {
            await using var session = Fixture.Store.LightweightSession();
            session.Store(Pair("marten", !later));
            session.Store(Candidate("marten", days));
            session.Store(Span("marten", later));
            Contradiction.Rows.Queue(session, [Pair("setwise", !later)]);
            ContradictionCandidate.Rows.Queue(session, [Candidate("setwise", days)]);
            // The same id twice in one save: the last stands, as with Marten's upserts one after another.
            ContributionSpan.Rows.Queue(session, [Span("setwise", !later), Span("setwise", later)]);
            await session.SaveChangesAsync();

            (await RowAsync<Contradiction>("pair", "subject, active, resolved, detected_sequence", "marten"))
                .ShouldBe(await RowAsync<Contradiction>("pair", "subject, active, resolved, detected_sequence", "setwise"));
            (await RowAsync<ContradictionCandidate>("candidate", "key, claim_id, valid_start, valid_end", "marten"))
                .ShouldBe(await RowAsync<ContradictionCandidate>("candidate", "key, claim_id, valid_start, valid_end", "setwise"));
            const string spanColumns = "subject, weight, from_sequence, until_sequence, power, contribution, valid_start, valid_end, claim_id";
            (await RowAsync<ContributionSpan>("span", spanColumns, "marten")).ShouldBe(await RowAsync<ContributionSpan>("span", spanColumns, "setwise"));
        }
        (await Fixture.ScalarAsync<bool>($"select active from {DocumentTable.Of<Contradiction>(Fixture.Store)} where id = 'setwise-pair'")).ShouldBeFalse();
        (await Fixture.ScalarAsync<long>($"select until_sequence from {DocumentTable.Of<ContributionSpan>(Fixture.Store)} where id = 'setwise-span'")).ShouldBe(9);
    }

    [Fact]
    public async Task documents_with_guid_ids_written_setwise_are_the_rows_marten_writes_inserted_and_updated()
    {
        SourceClaimLink Link(Guid id, string actor) => new()
        {
            Id = id, SourceId = "steppe", ClaimId = "clm-a", Role = "extracted", Start = 3, End = 3 + actor.Length,
            Actor = actor, RecordedAt = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(2)),
        };
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(SourceClaimLink));
        var (marten, setwise) = (Guid.NewGuid(), Guid.NewGuid());

        foreach (var actor in new[] { "first analyst", "second analyst" })
        {
            await using (var session = Fixture.Store.LightweightSession())
            {
                session.Store(Link(marten, actor));
                // The same id twice in one save: the last stands.
                SourceClaimLink.Rows.Queue(session, [Link(setwise, "left behind"), Link(setwise, actor)]);
                await session.SaveChangesAsync();
            }

            var rows = await Fixture.RowsAsync($"select id, row(data)::text from {DocumentTable.Of<SourceClaimLink>(Fixture.Store)}",
                r => (Id: r.GetGuid(0), Row: r.GetString(1)));
            rows.Count.ShouldBe(2);
            var twin = rows.Single(r => r.Id == setwise).Row.Replace(setwise.ToString(), "twin");
            twin.ShouldBe(rows.Single(r => r.Id == marten).Row.Replace(marten.ToString(), "twin"));
            twin.ShouldContain(actor);
        }
    }

    [Fact]
    public async Task upserts_taken_over_leave_the_save_for_one_statement_and_keep_what_was_queued_beside_them()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(SourceClaimLink));
        SourceClaimLink Link(string claim) => new()
        {
            Id = Guid.NewGuid(), SourceId = "steppe", ClaimId = claim, Role = "extracted", Start = 0, End = 4,
            Actor = "analyst@example.org", RecordedAt = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero),
        };
        var stored = Enumerable.Range(0, 300).Select(i => Link($"clm-stored-{i}")).ToList();
        var queued = Enumerable.Range(0, 3).Select(i => Link($"clm-queued-{i}")).ToList();
        var other = new ContributionSpan { Id = "takeover-span", Subject = "KZ", ClaimId = "clm-other", Power = "CN", Dimension = Dimension.Economic };

        await using (var session = Fixture.Store.LightweightSession())
        {
            SourceClaimLink.Rows.Queue(session, queued);
            foreach (var link in stored) session.Store(link);
            session.Store(other);
            SourceClaimLink.Rows.TakeOver(session);

            var operations = session.PendingChanges.Operations().ToList();
            // Marten's own upserts of the type are gone; the other type's stays; the set queued before is still there, and the
            // taken-over documents are one more set.
            operations.OfType<Weasel.Storage.IDocumentStorageOperation>().Select(o => o.Document).ShouldBe([other]);
            operations.OfType<SetUpsertOperation>().Select(o => o.Documents).ShouldBe([queued.Count, stored.Count], ignoreOrder: true);
            await session.SaveChangesAsync();
        }

        var claims = await Fixture.RowsAsync($"select data ->> 'claimId' from {DocumentTable.Of<SourceClaimLink>(Fixture.Store)}", r => r.GetString(0));
        claims.ShouldBe(stored.Concat(queued).Select(l => l.ClaimId), ignoreOrder: true);
        (await Fixture.ScalarAsync<long>($"select count(*) from {DocumentTable.Of<ContributionSpan>(Fixture.Store)} where id = 'takeover-span'")).ShouldBe(1);
    }

    [Fact]
    public async Task documents_inserted_setwise_are_the_rows_marten_inserts_and_an_id_already_there_fails_the_whole_save()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(AuditLink));
        var table = DocumentTable.Of<AuditLink>(Fixture.Store);
        await using (var session = Fixture.Store.LightweightSession())
        {
            session.Insert(new AuditLink { Id = 1, Hash = "ab12" });
            AuditLink.Rows.QueueInsert(session, [new AuditLink { Id = 2, Hash = "ab12" }, new AuditLink { Id = 3, Hash = "cd34" }]);
            await session.SaveChangesAsync();
        }
        var rows = await Fixture.RowsAsync($"select id, data::text from {table} order by id", r => (Id: r.GetInt64(0), Data: r.GetString(1)));
        rows.Select(r => r.Id).ShouldBe([1L, 2L, 3L]);
        rows[1].Data.Replace("\"id\": 2", "\"id\": 1").ShouldBe(rows[0].Data);

        // A batch holding one link already written: nothing of it is written, the new link beside it included.
        await using (var session = Fixture.Store.LightweightSession())
        {
            AuditLink.Rows.QueueInsert(session, [new AuditLink { Id = 4, Hash = "ef56" }, new AuditLink { Id = 3, Hash = "ff00" }]);
            var failure = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
            (failure as Npgsql.PostgresException ?? failure.InnerException as Npgsql.PostgresException).ShouldNotBeNull().SqlState.ShouldBe("23505");
        }
        (await Fixture.RowsAsync($"select id, data ->> 'hash' from {table} order by id", r => $"{r.GetInt64(0)}:{r.GetString(1)}"))
            .ShouldBe(["1:ab12", "2:ab12", "3:cd34"]);
    }

    /// <summary>The row of a twin, its prefix taken out of every value, so the two twins' rows compare equal.</summary>
    private async Task<string> RowAsync<T>(string suffix, string columns, string prefix)
    {
        var rows = await Fixture.RowsAsync($"select row(data, {columns})::text from {DocumentTable.Of<T>(Fixture.Store)} where id = '{prefix}-{suffix}'",
            r => r.GetString(0).Replace(prefix, "twin"));
        return rows.ShouldHaveSingleItem();
    }
}
