using ClaimsLedger.Api.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// Issue 10: bad input gets a clear 4xx, never a 5xx, and nothing changes. For every endpoint, every field of its body (nested
/// ones and array elements included), every query parameter and route value, and the headers every request may carry
/// (X-Actor, Idempotency-Key, X-Correlation-Id, If-Match) are broken one at a time from a table (the sweep: each value of each
/// catalog in <see cref="Hostile"/> and <see cref="CommandTarget.Catalog"/> once), then at random, several at a time, by a
/// CsCheck property with a fixed seed per endpoint (the same requests on every run). Every answer is held to
/// <see cref="ProblemContract"/>. Valid requests are generated alongside and may succeed. A failure prints the request and, for
/// the property, the seeds: <c>CsCheck_Seed=… dotnet test --filter …</c> replays the run, or with <c>CsCheck_Iter=1</c> one request.
/// </summary>
public sealed class BadInputFuzzTests(LedgerFixture fixture, ITestOutputHelper output) : LedgerTest(fixture)
{
    /// <summary>Random requests per command endpoint, after the sweep (200–1,100 requests each). CsCheck_Iter overrides it.</summary>
    private const int CommandIterations = 150;

    /// <summary>A rebuild that is accepted runs to its end before the next request: fewer of them, the sweep still covers every field.</summary>
    private const int RebuildIterations = 40;

    private const int ReadIterations = 100;

    public static IEnumerable<object[]> CommandEndpoints => FuzzWorld.Commands.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> ReadEndpoints => FuzzWorld.Queries.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CommandEndpoints))]
    public async Task a_command_refuses_bad_input_with_a_problem_naming_it_and_changes_nothing(string endpoint)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var world = await FuzzWorld.CreateAsync(Api, Fixture, forReads: false);
        var target = FuzzWorld.Commands[endpoint](world);
        await using var session = new FuzzSession(Fixture);
        var setUp = clock.Elapsed;

        await session.RunAsync(target.Sweep(), target.Random, endpoint == "RebuildProjections" ? RebuildIterations : CommandIterations, FuzzSession.SeedFor(endpoint));

        (await session.StreamsWithGapsAsync()).ShouldBeEmpty("every stream's versions run 1..n: nothing was half-written");
        output.WriteLine($"{endpoint}: {target.Paths.Count} fields; set-up {setUp.TotalSeconds:F1} s; sweep {session.SweepSummary}; {session.PropertySummary}; " +
                         $"in all {session.Summary()} in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [MemberData(nameof(ReadEndpoints))]
    public async Task a_read_refuses_bad_parameters_with_a_problem_naming_them_and_never_writes(string endpoint)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var world = await FuzzWorld.CreateAsync(Api, Fixture, forReads: true, withRebuild: endpoint == "GetProjectionRebuild");
        var target = FuzzWorld.Queries[endpoint](world);
        await using var session = new FuzzSession(Fixture);
        var setUp = clock.Elapsed;

        await session.RunAsync(target.Sweep(), target.Random, ReadIterations, FuzzSession.SeedFor(endpoint));

        output.WriteLine($"{endpoint}: set-up {setUp.TotalSeconds:F1} s; sweep {session.SweepSummary}; {session.PropertySummary}; in all {session.Summary()} in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
