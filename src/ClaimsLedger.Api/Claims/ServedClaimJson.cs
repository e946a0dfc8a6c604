using System.Text.Json;
using System.Text.Json.Serialization;
using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Claims as the API writes them (UTF-8 JSON in the wire's shape), each kept under the version of its row it was written
/// from, so a page of a held subject (<see cref="SubjectClaimList"/>) needs from PostgreSQL only the documents whose rows
/// changed since. Writing a page of 50 claims again from their stored documents was most of its cost: PostgreSQL printing
/// the jsonb as text, the API reading it into objects and writing them in the wire's shape (the stored JSON is not the
/// wire's: enum names in another case, bookkeeping not served), and the garbage of both.
/// The version is the row's <c>xmin</c>, the transaction that wrote it: every write of the row, by whatever path (the
/// projection, a replay, the filter-key backfill), gives it a new one, and PostgreSQL compares it in the page's own
/// statement and snapshot. Off unless <c>ClaimsLedger:ReadCache:ClaimMegabytes</c> is set: what is kept stays live, and the
/// API's resident memory grows by about twice as much (README, "Benchmarks"). Once that much is kept, a claim is not kept
/// until claims unread for <see cref="Unread"/> have made room. Letting go of the least recently read instead, to keep the
/// newest, meant dropping kept JSON all the time whenever a busy subject's claims did not all fit, and the dropped arrays,
/// old enough by then to be collected only with the oldest generation, grew the API's memory by three times the cache.
/// </summary>
public sealed class ServedClaimJson : IDisposable
{
    /// <summary>What an entry costs beyond its bytes: the cache's entry, the key, the array's header.</summary>
    private const int EntryOverhead = 256;

    /// <summary>A claim's JSON not served for this long is let go.</summary>
    public static readonly TimeSpan Unread = TimeSpan.FromMinutes(5);

    private readonly MemoryCache? _cache;
    private readonly JsonSerializerOptions _wire;

    public ServedClaimJson(IOptions<HttpJsonOptions> json, LedgerOptions options)
    {
        _wire = json.Value.SerializerOptions;
        var megabytes = options.ReadCache.ClaimMegabytes;
        if (megabytes > 0) _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024, CompactionPercentage = 0 });
    }

    /// <summary>The claim's served JSON when it is held, whichever version of its row it was written from.</summary>
    public Served? Find(string id) => _cache is not null && _cache.TryGetValue(id, out Served? served) ? served : null;

    /// <summary>The claim in the wire's shape, kept under <paramref name="rowVersion"/> if there is room.</summary>
    public Served Write(string id, long rowVersion, ClaimDetails claim)
    {
        var served = new Served(rowVersion, JsonSerializer.SerializeToUtf8Bytes(claim, _wire));
        _cache?.Set(id, served, new MemoryCacheEntryOptions { Size = served.Utf8.Length + EntryOverhead, SlidingExpiration = Unread });
        return served;
    }

    /// <summary>Lets go of every claim (a rebuild writes every row again: the memory is the replay's).</summary>
    public void Clear() => _cache?.Clear();

    public void Dispose() => _cache?.Dispose();

    /// <summary>One claim's JSON as served, written into a response as it is.</summary>
    /// <param name="RowVersion">The <c>xmin</c> of the row it was written from.</param>
    /// <param name="Utf8">The claim as the API's serializer writes it.</param>
    [JsonConverter(typeof(Converter))]
    public sealed record Served(long RowVersion, byte[] Utf8)
    {
        private sealed class Converter : JsonConverter<Served>
        {
            public override Served Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("Served JSON is written, never read.");

            public override void Write(Utf8JsonWriter writer, Served value, JsonSerializerOptions options) =>
                writer.WriteRawValue(value.Utf8, skipInputValidation: true);
        }
    }
}
