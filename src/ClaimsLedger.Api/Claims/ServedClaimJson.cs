using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;
using Npgsql;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Each claim as the API serves it (the wire's JSON), rendered when its row is written and stored beside the document
/// (<c>served</c>, with the <see cref="Shape"/> it was rendered in), so a page of claims is the rows' served JSON copied into
/// the response. Reading the page from the documents was most of its cost: PostgreSQL printing 50 jsonb documents as text,
/// the API reading them into objects and writing them in the wire's shape (the stored JSON is not the wire's: enum names in
/// another case, bookkeeping not served), and the garbage of both (README, "Benchmarks").
/// <para>
/// A row's served JSON is used only while it is the document's: Marten writes both in one upsert (<see
/// cref="ClaimDetails.Served"/>), a trigger clears it when anything else changes the document alone (<see cref="Trigger"/>),
/// and a row rendered by other code (<see cref="Shape"/> differs) or never rendered is read from its document as before,
/// and rendered again in the background after start-up (<see cref="BackfillAsync"/>).
/// </para>
/// </summary>
public static class ServedClaimJson
{
    public const string Column = "served";
    public const string ShapeColumn = "served_shape";
    public const string Trigger = "claim_served_follows_data";
    private const string Function = "claim_served_cleared";

    /// <summary>
    /// The wire's shape this build renders claims in: a hash of a claim with every member set, so a build that adds, renames
    /// or formats a served member differently does not serve JSON an older build rendered.
    /// </summary>
    public static int Shape { get; } = ShapeOf(LedgerJson.Wire);

    /// <summary>
    /// Rows without served JSON of this build's (as PostgreSQL prints it back, so the start-up migration keeps the index): the
    /// complement of <see cref="Current"/>.
    /// </summary>
    public static string Stale => $"(({ShapeColumn} IS DISTINCT FROM {Shape}) OR ({Column} IS NULL))";

    /// <summary>The claim as the API serves it.</summary>
    public static string Render(ClaimDetails claim) => JsonSerializer.Serialize(claim, LedgerJson.Wire);

    /// <summary>
    /// The select list of a page's claims from the table aliased <paramref name="d"/>: the served JSON where it is this
    /// build's, else the document, for <see cref="Read"/>.
    /// </summary>
    public static string Columns(string d) =>
        $"case when {Current(d)} then {d}.{Column} end as served, case when {Current(d)} then null else {d}.data end as data";

    /// <summary>The row aliased <paramref name="d"/> has served JSON of this build's.</summary>
    private static string Current(string d) => $"{d}.{ShapeColumn} = {Shape} and {d}.{Column} is not null";

    /// <summary>
    /// A claim of a page read with <see cref="Columns"/> at <paramref name="served"/> (the document at the next column). The
    /// served JSON is taken as the UTF-8 bytes PostgreSQL sent, as the response writes it: read as a string it was decoded
    /// to UTF-16 and encoded to UTF-8 again, at twice the memory (50 claims of ~1.1 KB a page).
    /// </summary>
    public static Served Read(IDocumentStore store, NpgsqlDataReader reader, int served) =>
        new(reader.IsDBNull(served)
            ? JsonSerializer.SerializeToUtf8Bytes(store.Options.Serializer().FromJson<ClaimDetails>(reader, served + 1), LedgerJson.Wire)
            : reader.GetFieldValue<byte[]>(served));

    /// <summary>
    /// One claim as served, with its version (the ETag's, read from that JSON), or null when there is no such claim: the
    /// current claim's GET without reading its document into objects and writing them again.
    /// </summary>
    public static async Task<(Served Claim, long Version)?> LoadAsync(IQuerySession session, string id, CancellationToken ct)
    {
        var rows = await PreparedRead.RowsAsync(session, $"select {Columns("d")} from {DocumentTable.Of<ClaimDetails>(session.DocumentStore)} as d where d.id = $1",
            reader => Read(session.DocumentStore, reader, 0), ct, id);
        return rows is [var claim] ? (claim, VersionOf(claim)) : null;
    }

    private static long VersionOf(Served claim)
    {
        var reader = new Utf8JsonReader(claim.Utf8);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var version = reader.ValueTextEquals("version");
            reader.Read();
            if (version) return reader.GetInt64();
            reader.Skip();
        }
        throw new InvalidOperationException("A served claim without a version.");
    }

    /// <summary>One claim's JSON as served (UTF-8), written into a response as it is.</summary>
    [JsonConverter(typeof(Converter))]
    public sealed record Served(byte[] Utf8)
    {
        private sealed class Converter : JsonConverter<Served>
        {
            public override Served Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("Served JSON is written, never read.");

            public override void Write(Utf8JsonWriter writer, Served value, JsonSerializerOptions options) =>
                writer.WriteRawValue(value.Utf8, skipInputValidation: true);
        }
    }

    /// <summary>
    /// Creates the trigger that clears a row's served JSON when its document changes without it (an update by other code
    /// than Marten's upsert, which writes both), so such a row is read from its document. Idempotent.
    /// </summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var claims = DocumentTable.Of<ClaimDetails>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var ddl = new NpgsqlCommand($$"""
            create or replace function {{schema}}.{{Function}}() returns trigger language plpgsql as $fn$
            begin
                new.{{Column}} := null;
                new.{{ShapeColumn}} := null;
                return new;
            end
            $fn$;
            create or replace trigger {{Trigger}} before update of data on {{claims}} for each row
                when (new.{{Column}} is not distinct from old.{{Column}} and new.data is distinct from old.data)
                execute function {{schema}}.{{Function}}();
            """, connection);
        await ddl.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Renders the served JSON of every row without this build's (claims written before the column, or by another build), a
    /// few hundred at a time. A row written meanwhile (its <c>xmin</c> moved on) is left as that write made it. Returns how
    /// many rows it rendered; a ledger without such rows costs one probe of an empty index.
    /// </summary>
    public static async Task<int> BackfillAsync(IDocumentStore store, CancellationToken ct, int batch = 500)
    {
        var claims = DocumentTable.Of<ClaimDetails>(store);
        var serializer = store.Options.Serializer();
        var rendered = 0;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var after = "";
        while (true)
        {
            var ids = new List<string>();
            var versions = new List<long>();
            var json = new List<string>();
            await using (var select = new NpgsqlCommand(
                             $"select id, xmin::text::bigint, data from {claims} where {Stale} and id > $1 order by id limit $2", connection)
                         { Parameters = { new() { Value = after }, new() { Value = batch } } })
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetString(0));
                    versions.Add(reader.GetInt64(1));
                    json.Add(Render(serializer.FromJson<ClaimDetails>(reader, 2)));
                }
            }
            if (ids.Count == 0) return rendered;
            after = ids[^1];
            await using var update = new NpgsqlCommand($"""
                update {claims} as c set {Column} = u.served, {ShapeColumn} = $4
                from unnest($1::varchar[], $2::bigint[], $3::text[]) as u(id, version, served)
                where c.id = u.id and c.xmin::text::bigint = u.version
                """, connection)
            {
                Parameters = { new() { Value = ids.ToArray() }, new() { Value = versions.ToArray() }, new() { Value = json.ToArray() }, new() { Value = Shape } },
            };
            rendered += await update.ExecuteNonQueryAsync(ct);
        }
    }

    private static int ShapeOf(JsonSerializerOptions wire)
    {
        var at = new DateTimeOffset(2001, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
        var effect = new Effect("CN", Dimension.Economic, Direction.Toward, 3);
        var review = new ClaimReview(ReviewDecision.Accepted, "a", "r", at);
        var claim = new ClaimDetails
        {
            Id = "clm-0", Subject = "KZ", Statement = "s", Effects = [effect], ValidTime = "2001", Quantity = new Quantity(1.5m, "usd"),
            Status = ClaimStatus.Recorded, Confidence = 0.5, Origin = "o", Sources = [new ClaimEvidence("src", "extracted", 0, 1, "q", "k", "a", at)],
            Contestations = [new ClaimContestation("src", 0, 1, "q", "a", "r", at), new ClaimContestation(null, null, null, null, "a", "r", at)],
            IndependentSourceCount = 1, LastReview = review, Reviews = [review], RetractionReason = "r",
            Recodings = [new ClaimRecoding("KZ", [effect], "2001", "KG", [effect], null, "a", "r", at)], SupersededBy = "clm-1", MergedInto = "clm-2",
            Merged = [new ClaimMerge("clm-3", 1, "a", "r", at)], RecordedBy = "a", RecordedAt = at, UpdatedAt = at, Version = 1,
            Powers = ["CN"], Dimensions = [Dimension.Economic], SourceIds = ["src"],
            Revisions = [new ClaimRevision(at, ClaimStatus.Recorded, 0.5, review, "r") { EventType = "e", Actor = "a", Reason = "r" }],
        };
        return BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(claim, wire))), 0) & int.MaxValue;
    }
}

/// <summary>Creates the trigger as the API starts, then renders the served JSON of rows without it in the background.</summary>
public sealed class ServedClaimJsonAtStart(IDocumentStore store, ILogger<ServedClaimJsonAtStart> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ServedClaimJson.EnsureAsync(store, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var rendered = await ServedClaimJson.BackfillAsync(store, stoppingToken);
            if (rendered > 0) logger.LogInformation("Rendered the served JSON of {Count} claims", rendered);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Pages read such claims from their documents meanwhile; the next start renders them.
            logger.LogWarning(ex, "Rendering the claims' served JSON failed");
        }
    }
}
