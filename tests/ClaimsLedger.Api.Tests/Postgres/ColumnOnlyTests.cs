using System.Reflection;
using System.Text.RegularExpressions;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// Members marked <see cref="ColumnOnlyAttribute"/> are stored in their columns and nowhere else: every one has a column,
/// the document's JSON holds only the other members, and what was written comes back from the columns.
/// </summary>
public sealed partial class ColumnOnlyTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task every_member_left_out_of_the_json_has_a_column_of_its_documents_table()
    {
        var marked = typeof(ColumnOnlyAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties().Where(p => p.IsDefined(typeof(ColumnOnlyAttribute))).Select(p => (Type: t, Property: p)))
            .ToList();
        marked.Select(m => m.Type).Distinct().ShouldBe([typeof(ContributionSpan), typeof(ContradictionCandidate), typeof(Contradiction), typeof(SourceClaimLink), typeof(UnresolvedCountMoment)], ignoreOrder: true);
        foreach (var type in marked.Select(m => m.Type).Distinct())
        {
            await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(type);
            var columns = await Fixture.RowsAsync(
                $"select attname::text from pg_attribute where attrelid = '{DocumentTable.Of(Fixture.Store, type)}'::regclass and attnum > 0 and not attisdropped",
                r => r.GetString(0));
            foreach (var property in marked.Where(m => m.Type == type).Select(m => m.Property))
                columns.ShouldContain(ColumnOf(property), $"{type.Name}.{property.Name} is left out of the JSON but has no column");
        }
    }

    [Fact]
    public async Task a_span_and_a_candidate_keep_their_values_in_their_columns_and_their_json_holds_only_the_rest()
    {
        var span = new ContributionSpan
        {
            Id = "clm-a|CN|Economic@7", Subject = "KZ", ClaimId = "clm-a", Power = "CN", Dimension = Dimension.Economic,
            Contribution = -0.4375m, Weight = 0.4375m, ValidStart = new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero), ValidEnd = null,
            FromSequence = 7, UntilSequence = 9,
            Steps = [new PublicationStep(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), -0.4375m)],
        };
        var candidate = new ContradictionCandidate
        {
            Id = "KZ|CN|Economic|Away|clm-a", Key = "KZ|CN|Economic|Away", ClaimId = "clm-a",
            ValidStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), ValidEnd = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
        };
        await using (var session = Fixture.Store.LightweightSession())
        {
            // One of each through Marten's own upsert, one through the projections' set upsert.
            session.Store(span);
            ContradictionCandidate.Rows.Queue(session, [candidate]);
            await session.SaveChangesAsync();
        }

        var spans = DocumentTable.Of<ContributionSpan>(Fixture.Store);
        (await Fixture.RowsAsync($"select data::text from {spans}", r => r.GetString(0))).ShouldBe(
            ["""{"steps": [["2024-01-01Z", -0.4375]]}"""]);
        (await Fixture.RowsAsync(
                $"select id, subject, claim_id, power, contribution, weight, valid_start, valid_end, from_sequence, until_sequence from {spans}",
                r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDecimal(4), r.GetDecimal(5),
                    r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7), r.GetInt64(8), r.GetInt64(9))))
            .ShouldBe([(span.Id, "KZ", "clm-a", "CN", -0.4375m, 0.4375m, span.ValidStart.Value, true, 7L, 9L)]);

        var candidates = DocumentTable.Of<ContradictionCandidate>(Fixture.Store);
        (await Fixture.RowsAsync($"select data::text, id, key, claim_id, valid_start, valid_end from {candidates}",
                r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5))))
            .ShouldBe([("{}", candidate.Id, candidate.Key, "clm-a", candidate.ValidStart, candidate.ValidEnd)]);
    }

    [Fact]
    public async Task a_pair_keeps_its_id_subject_standing_and_detection_in_its_columns_and_is_read_whole()
    {
        // A pair's detection time is its detecting event's: any event of the ledger, here a source's registration.
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "column-only-steppe"));
        var (sequence, detected) = (await Fixture.RowsAsync(
            $"select seq_id, timestamp from {Fixture.Store.Options.Events.DatabaseSchemaName}.mt_events order by seq_id desc limit 1",
            r => (r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1)))).Single();
        Contradiction Pair(string id, bool resolved) => new()
        {
            Id = id, Subject = "KZ", ClaimIds = ["clm-a", "clm-b"], Active = true, Resolved = resolved,
            Conflicts = [new ContradictionConflict("CN", Dimension.Economic, Direction.Toward, Direction.Away)],
            Resolution = resolved ? new ContradictionResolution("clm-a", "ana", "the later census", detected.AddDays(1)) : null,
            Version = resolved ? 1 : 0, DetectedSequence = sequence, DetectedAt = detected,
            StoredUpdatedAt = resolved ? detected.AddDays(1) : null,
        };
        var (standing, resolved) = (Pair("ctr-standing", resolved: false), Pair("ctr-resolved", resolved: true));
        await using (var session = Fixture.Store.LightweightSession())
        {
            // One through Marten's own upsert, one through the projection's set upsert.
            session.Store(standing);
            Contradiction.Rows.Queue(session, [resolved]);
            await session.SaveChangesAsync();
        }

        var pairs = DocumentTable.Of<Contradiction>(Fixture.Store);
        var json = await Fixture.RowsAsync($"select id, data::text from {pairs} order by id", r => (r.GetString(0), r.GetString(1)));
        json.Select(j => j.Item1).ShouldBe(["ctr-resolved", "ctr-standing"]);
        // Stored as its values (ContradictionStorage): the columns' members are not among them, nor the detection time; a pair
        // never resolved stores neither a resolution nor its version 0, nor an update that is its detection. Written by other
        // code than the projection, a pair stores its conflicts.
        json[1].Item2.ShouldBe("""["clm-a", "clm-b", null, 0, null, [["CN", "Economic", "Toward"]]]""");
        // The resolved one: its claims, its update, version 1, its resolution and its conflicts (read back whole below).
        var values = System.Text.Json.JsonDocument.Parse(json[0].Item2).RootElement.EnumerateArray().ToList();
        (values.Count, values[0].GetString(), values[1].GetString(), values[3].GetInt64(), values[5].GetArrayLength()).ShouldBe((6, "clm-a", "clm-b", 1L, 1));
        foreach (var member in new[] { "\"id\"", "\"subject\"", "\"active\"", "\"resolved\"", "\"detectedSequence\"" })
            json[0].Item2.ShouldNotContain(member);

        await using var query = Fixture.Store.QuerySession();
        var read = await StoredContradictions.LoadManyAsync(query, ["ctr-standing", "ctr-resolved", "ctr-none"], CancellationToken.None);
        System.Text.Json.JsonSerializer.Serialize(read.OrderBy(p => p.Id, StringComparer.Ordinal))
            .ShouldBe(System.Text.Json.JsonSerializer.Serialize(new[] { resolved, standing }));
        read.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (p.DetectedAt, p.UpdatedAt, p.Conflicts.Single()))
            .ShouldBe([(detected, detected.AddDays(1), resolved.Conflicts[0]), (detected, detected, standing.Conflicts[0])]);
        (await StoredContradictions.LoadAsync(query, "ctr-none", CancellationToken.None)).ShouldBeNull();
    }

    /// <summary>The column Marten gives a member: <c>id</c> for the id, else the member's name in snake case.</summary>
    private static string ColumnOf(PropertyInfo property) =>
        property.Name == "Id" ? "id" : UpperCase().Replace(property.Name, m => (m.Index == 0 ? "" : "_") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
