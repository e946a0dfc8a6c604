using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// Counts the statements that insert into some document tables, however many rows each writes (a statement-level trigger on
/// each), until disposed: how a test tells one set upsert from an upsert a document.
/// </summary>
public sealed class InsertStatements : IAsyncDisposable
{
    private static readonly string Schema = MartenSetup.Schema;
    private readonly LedgerFixture _fixture;
    private readonly string[] _tables;

    private InsertStatements(LedgerFixture fixture, string[] tables) => (_fixture, _tables) = (fixture, tables);

    /// <param name="tables">Table names in the ledger's schema, such as <c>mt_doc_claimdetails</c>.</param>
    public static async Task<InsertStatements> CountAsync(LedgerFixture fixture, params string[] tables)
    {
        await fixture.ExecuteSqlAsync($"""
            create table {Schema}.test_insert_statements (table_name text not null);
            create function {Schema}.test_count_insert_statement() returns trigger language plpgsql as
              'begin insert into {Schema}.test_insert_statements values (TG_TABLE_NAME); return null; end';
            {string.Concat(tables.Select(t => $"create trigger test_insert_statements after insert on {Schema}.{t} for each statement execute function {Schema}.test_count_insert_statement();\n"))}
            """);
        return new InsertStatements(fixture, tables);
    }

    /// <summary>How many insert statements ran on <paramref name="table"/> so far.</summary>
    public async Task<long> OnAsync(string table) =>
        await _fixture.ScalarAsync<long>($"select count(*) from {Schema}.test_insert_statements where table_name = '{table}'");

    public async ValueTask DisposeAsync() => await _fixture.ExecuteSqlAsync($"""
        {string.Concat(_tables.Select(t => $"drop trigger test_insert_statements on {Schema}.{t};\n"))}
        drop function {Schema}.test_count_insert_statement();
        drop table {Schema}.test_insert_statements;
        """);
}
