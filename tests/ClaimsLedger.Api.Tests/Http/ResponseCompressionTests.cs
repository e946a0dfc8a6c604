using System.IO.Compression;
using System.Net.Http.Headers;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>What a client that accepts gzip or Brotli gets: pages and exports compressed, versioned answers and live events not.</summary>
public sealed class ResponseCompressionTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, br", "br")]
    public async Task a_claims_page_comes_compressed_as_the_client_accepts_and_decodes_to_the_uncompressed_answer(string accepts, string coding)
    {
        await RecordClaimAsync();
        var plain = await Api.Get("/api/claims?pageSize=50");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/claims?pageSize=50");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", accepts);
        using var response = await Api.Client.SendAsync(request);
        var encoded = await response.Content.ReadAsByteArrayAsync();

        response.Content.Headers.ContentEncoding.ShouldBe([coding]);
        response.Headers.Vary.ShouldContain("Accept-Encoding");
        encoded.Length.ShouldBeLessThan(plain.Body.Length);
        Decode(encoded, coding).ShouldBe(plain.Body);
    }

    [Theory]
    [InlineData("markdown", "text/markdown")]
    [InlineData("csv", "text/csv")]
    [InlineData("html", "text/html")]
    public async Task every_report_rendering_comes_compressed(string format, string mediaType)
    {
        await RecordClaimAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/alignment?subjects=KZ&format={format}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await Api.Client.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        Decode(await response.Content.ReadAsByteArrayAsync(), "gzip").ShouldContain("KZ");
    }

    [Fact]
    public async Task an_answer_with_a_version_etag_is_sent_as_it_is_so_the_etag_names_one_representation()
    {
        var claim = await RecordClaimAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/claims/{claim}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var response = await Api.Client.SendAsync(request);

        response.Headers.ETag.ShouldNotBeNull();
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        Wire.Read<ClaimDetails>(await response.Content.ReadAsStringAsync()).Id.ShouldBe(claim);
    }

    [Fact]
    public async Task server_sent_events_are_never_compressed()
    {
        await RecordClaimAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/changes");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        // The stream opens with its retry hint, then the event written above, readable as it comes.
        string? line;
        do line = await reader.ReadLineAsync(cancel.Token);
        while (line is not null && !line.StartsWith("id:", StringComparison.Ordinal));
        line.ShouldNotBeNull();
    }

    private async Task<string> RecordClaimAsync()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        return (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
    }

    private static string Decode(byte[] body, string coding)
    {
        using Stream decoder = coding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return reader.ReadToEnd();
    }
}
