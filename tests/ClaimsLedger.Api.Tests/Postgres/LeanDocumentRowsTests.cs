using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// Document rows hold the document and the columns the ledger queries, not Marten's informational columns (CLR type name,
/// last-modified stamp, Guid version), which nothing reads and which cost ~75 bytes in each of millions of rows; a ledger
/// written by an earlier build loses them at the next start, its documents intact.
/// </summary>
public sealed class LeanDocumentRowsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string[] Informational = ["mt_dotnet_type", "mt_last_modified"];

    [Fact]
    public async Task no_document_table_keeps_informational_columns()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
        var tables = await ScalarsAsync("select table_name::text from information_schema.tables where table_schema = @schema and table_name like 'mt_doc_%'");
        tables.ShouldContain("mt_doc_claimdetails");
        tables.ShouldContain("mt_doc_contributionspan");
        tables.ShouldContain("mt_doc_contradiction");

        (await InformationalColumnsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_earlier_builds_columns_are_dropped_by_the_start_up_migration_and_its_documents_still_load()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
        ClaimDetails claim;
        await using (var before = Fixture.Store.QuerySession())
            claim = (await before.Query<ClaimDetails>().Take(1).ToListAsync()).Single();
        // A store as the next start builds it, which has met no document on first use yet: what it migrates is what it knows.
        var options = new StoreOptions();
        MartenSetup.Configure(options, Fixture.Services);
        // Every table of the ledger's configured documents. Not Wolverine's envelopes: its integration, not the ledger's
        // configuration, adds them to the live store, which migrates them as well; nor the aggregates Wolverine's handlers write
        // (a rebuild's, an audit request's), whose tables a store migrates when it first uses them.
        await using var restarted = new DocumentStore(options);
        var configured = restarted.Storage.Database.AllObjects().OfType<Weasel.Postgresql.Tables.Table>().Select(t => t.Identifier.Name).ToHashSet();
        var tables = (await ScalarsAsync("select table_name::text from information_schema.tables where table_schema = @schema and table_name like 'mt_doc_%'"))
            .Where(configured.Contains).ToList();
        tables.ShouldContain("mt_doc_sourcetext");
        var versioned = await ScalarsAsync("select table_name::text from information_schema.columns where table_schema = @schema and column_name = 'mt_version'");
        // The columns as Marten wrote them before, defaults filled in for every existing row (projected aggregates' tables keep
        // their numeric mt_version, their revision).
        foreach (var table in tables)
            await Fixture.ExecuteSqlAsync($"""
                alter table {MartenSetup.Schema}.{table}
                  add column mt_last_modified timestamptz default transaction_timestamp(),
                  {(versioned.Contains(table) ? "" : "add column mt_version uuid not null default (md5(random()::text || clock_timestamp()::text)::uuid),")}
                  add column mt_dotnet_type varchar default 'ClaimsLedger.Api.Documents'
                """);
        (await InformationalColumnsAsync()).Count.ShouldBe(3 * tables.Count - versioned.Count(tables.Contains));

        await restarted.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();

        (await InformationalColumnsAsync()).ShouldBeEmpty();
        await using var session = Fixture.Store.QuerySession();
        var loaded = await session.LoadAsync<ClaimDetails>(claim.Id);
        loaded.ShouldNotBeNull().Statement.ShouldBe(claim.Statement);
        loaded.Subject.ShouldBe(claim.Subject);
        ((long)await session.Query<Contradiction>().CountAsync()).ShouldBe(await CountRowsAsync("mt_doc_contradiction"));
    }

    /// <summary>Informational columns on document tables: type names, stamps, and Guid versions (numeric revisions are not informational).</summary>
    private Task<List<string>> InformationalColumnsAsync() => ScalarsAsync("""
        select table_name || '.' || column_name from information_schema.columns
        where table_schema = @schema and table_name like 'mt_doc_%'
          and (column_name = any(@informational) or (column_name = 'mt_version' and data_type = 'uuid'))
        """);

    private async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schema", MartenSetup.Schema);
        command.Parameters.AddWithValue("informational", Informational);
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return found;
    }

    private Task<long> CountRowsAsync(string table) => Fixture.ScalarAsync<long>($"select count(*) from {MartenSetup.Schema}.{table}");
}
