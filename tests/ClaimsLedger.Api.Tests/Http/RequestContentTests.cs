using System.IO.Compression;
using System.Text.Json;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>What a write's body must be labelled as: JSON in any case, no content coding (Http/RequestContent.cs).</summary>
public sealed class RequestContentTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly byte[] Source = JsonSerializer.SerializeToUtf8Bytes(Samples.Source(Samples.TradeText, id: "steppe"),
        new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Theory]
    [InlineData("application/JSON")]
    [InlineData("Application/Json; charset=UTF-8")]
    [InlineData("APPLICATION/MERGE-PATCH+JSON")]
    public async Task a_json_media_type_is_read_as_json_in_any_case(string contentType)
    {
        var reply = await PostSource(Source, contentType);

        reply.Code.ShouldBe(201, reply.Body);
        (await Api.Get("/api/sources/steppe")).Code.ShouldBe(200);
    }

    [Fact]
    public async Task a_body_without_a_content_type_is_still_read_as_json()
    {
        (await PostSource(Source, contentType: null)).Code.ShouldBe(201);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("text/json")]
    [InlineData("json")]
    public async Task another_media_type_is_a_415_naming_content_type_and_writes_nothing(string contentType)
    {
        var reply = await PostSource(Source, contentType);

        reply.ShouldBeProblem(415, "Content-Type");
        (await Api.Get("/api/sources/steppe")).Code.ShouldBe(404);
    }

    [Theory]
    [InlineData("br", false)]
    [InlineData("x-bogus", false)]
    [InlineData("gzip", true)]
    [InlineData("identity, gzip", true)]
    public async Task a_content_coding_is_a_415_naming_content_encoding_and_writes_nothing(string coding, bool gzipped)
    {
        var reply = await PostSource(gzipped ? Gzip(Source) : Source, "application/json", coding);

        reply.ShouldBeProblem(415, "Content-Encoding");
        reply.Headers.GetValues("Accept-Encoding").ShouldBe(["identity"]);
        (await Api.Get("/api/sources/steppe")).Code.ShouldBe(404);
    }

    [Fact]
    public async Task the_identity_coding_is_no_coding()
    {
        (await PostSource(Source, "application/json", "identity")).Code.ShouldBe(201);
    }

    private async Task<Reply> PostSource(byte[] body, string? contentType, string? contentEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sources") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Actor", LedgerApi.DefaultActor);
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentEncoding is not null) request.Content.Headers.TryAddWithoutValidation("Content-Encoding", contentEncoding);
        return await Reply.From(await Api.Client.SendAsync(request));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }
}
