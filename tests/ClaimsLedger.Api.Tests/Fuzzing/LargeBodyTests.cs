using System.Text;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// The one focused case of bodies near the 10 MB limit (<see cref="LedgerLimits.MaxRequestBodyBytes"/>): over it, at it, and
/// just under it with a field far over its own maximum. Each answer is held to the same <see cref="ProblemContract"/> as the
/// fuzzed requests, and names what was too large.
/// </summary>
public sealed class LargeBodyTests(LedgerFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : LedgerTest(fixture)
{
    private const int Limit = (int)LedgerLimits.MaxRequestBodyBytes;

    /// <summary>A source whose text is <paramref name="ascii"/> plain characters and <paramref name="escaped"/> characters written as \u00e9 (6 bytes each).</summary>
    private static string Source(int ascii, int escaped, string title = "Large source", string? extra = null)
    {
        var body = new StringBuilder(ascii + 6 * escaped + 300);
        body.Append("{\"title\":").Append(JsonText.Quote(title)).Append(",\"carrier\":\"Bulk Carrier\",\"published\":\"2024-07\",");
        if (extra is not null) body.Append(extra).Append(',');
        body.Append("\"text\":\"").Append('a', ascii);
        for (var i = 0; i < escaped; i++) body.Append("\\u00e9");
        body.Append("\"}");
        return body.ToString();
    }

    /// <summary>Pads the title so the whole body is exactly <paramref name="bytes"/> long.</summary>
    private static string SourceOfExactly(int bytes, string title = "t")
    {
        var shell = Source(10, 0, title);
        return Source(10, 0, title + new string('x', bytes - Encoding.UTF8.GetByteCount(shell)));
    }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private FuzzRequest Post(string path, string body, string mutation, params string[] touched)
    {
        output.WriteLine($"{_clock.Elapsed.TotalSeconds:F2} s: {mutation}");
        return PostOf(path, body, mutation, touched);
    }

    private static FuzzRequest PostOf(string path, string body, string mutation, params string[] touched) =>
        new(HttpMethod.Post, path, FuzzRequest.Utf8(body), FuzzRequest.Json, [new("X-Actor", CommandTarget.Actor)], mutation, touched, touched.Length > 0);

    [Fact]
    public async Task bodies_near_the_10_MB_limit_are_refused_with_a_problem_naming_what_is_too_large_and_change_nothing()
    {
        await using var session = new FuzzSession(Fixture);
        var textMax = RegisterSourceRequest.MaxTextLength;

        // One byte over the limit: refused before anything reads it.
        var over = await session.CheckAsync(Post("/api/sources", SourceOfExactly(Limit + 1), "body of limit + 1 bytes", "body"));
        over.ShouldBeProblem(413, "body");

        // Exactly at the limit: read, and refused for the field that is too long (the title).
        var at = await session.CheckAsync(Post("/api/sources", SourceOfExactly(Limit), "body of exactly the limit, 10 MB title", "title"));
        at.ShouldBeProblem(400, "title");

        // Just under the limit, a text of 2,000,001 characters (1,680,000 of them escaped): the text is named, as a 413.
        var escaped = 1_680_000;
        var tooLong = Source(textMax + 1 - escaped, escaped);
        Encoding.UTF8.GetByteCount(tooLong).ShouldBeInRange(Limit - 200_000, Limit);
        (await session.CheckAsync(Post("/api/sources", tooLong, "2,000,001-character text just under the limit", "text"))).ShouldBeProblem(413, "text");

        // The same, a character shorter: valid, and recorded.
        var longest = Source(textMax - escaped, escaped);
        (await session.CheckAsync(Post("/api/sources", longest, "2,000,000-character text just under the limit"))).Code.ShouldBe(201);

        // Other fields and an unknown member of nearly 10 MB; nesting 5 million deep; a claim's statement and quote.
        var huge = new string('K', Limit - 1_000);
        (await session.CheckAsync(Post("/api/sources", Source(10, 0, extra: $"\"author\":\"{huge}\""), "10 MB author", "author"))).ShouldBeProblem(400, "author");
        (await session.CheckAsync(Post("/api/sources", Source(10, 0, extra: $"\"unexpected\":\"{huge}\""), "10 MB unknown member", "unexpected"))).ShouldBeProblem(400, "unexpected");
        (await session.CheckAsync(Post("/api/sources", new string('[', Limit / 2) + new string(']', Limit / 2), "nested 5 million deep", "body"))).ShouldBeProblem(400);
        var claim = $"{{\"subject\":\"KZ\",\"statement\":\"{huge[..(Limit / 2)]}\",\"effects\":[{{\"power\":\"CN\",\"dimension\":\"economic\",\"direction\":\"toward\",\"strength\":1}}]," +
                    "\"evidence\":{\"sourceId\":\"x\",\"start\":0,\"end\":1,\"quote\":\"" + huge[..(Limit / 3)] + "\"}}";
        var problem = (await session.CheckAsync(Post("/api/claims", claim, "5 MB statement and 3 MB quote", "statement", "evidence.quote"))).ShouldBeProblem(400);
        problem.As<HttpValidationProblemDetails>().Errors.Keys.ShouldBe(["statement", "evidence.quote"], ignoreOrder: true);

        // The extractor's own, lower limit.
        var preview = $"{{\"text\":\"{huge}\",\"published\":\"2024-07\"}}";
        (await session.CheckAsync(Post("/api/extraction/preview", preview, "10 MB text to preview", "text"))).ShouldBeProblem(413, "text");
    }
}
