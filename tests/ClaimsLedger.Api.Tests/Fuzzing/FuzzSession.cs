using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Tests.Support;
using CsCheck;
using Marten;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// Sends generated requests one at a time against the shared test host and holds each answer to the
/// <see cref="ProblemContract"/>. It counts the store's events after every request, so each request is compared with the one
/// before it: nothing else writes while a "Ledger" test runs (the async projections write documents, never events).
/// </summary>
public sealed class FuzzSession(LedgerFixture fixture) : IAsyncDisposable
{
    private long _events = -1;
    private Npgsql.NpgsqlConnection? _connection;

    public int Sent { get; private set; }
    public Dictionary<int, int> Statuses { get; } = [];

    /// <summary>The number of events in the store (<c>select count(*) from claimsledger.mt_events</c>), on one connection kept open for the session.</summary>
    public async Task<long> CountEventsAsync()
    {
        if (_connection is null)
        {
            _connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
            await _connection.OpenAsync();
        }
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from claimsledger.mt_events", _connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    public async Task<Reply> CheckAsync(FuzzRequest request)
    {
        if (_events < 0) _events = await CountEventsAsync();
        using var message = request.ToMessage();
        Reply reply;
        try
        {
            reply = await Reply.From(await fixture.Client.SendAsync(message));
        }
        catch (Exception e) when (e is not ContractViolation)
        {
            throw new ContractViolation($"the request failed in the host instead of being answered: {e.GetType().Name}: {e.Message}\n  request: {request}");
        }
        Sent++;
        Statuses[reply.Code] = Statuses.GetValueOrDefault(reply.Code) + 1;
        // An accepted rebuild records its end in the background: wait for it, so the next request starts from a still store.
        if (reply.Code == 202 && reply.Headers.Location is { } location) await UntilRebuildEndsAsync(location.ToString());
        var (before, after) = (_events, await CountEventsAsync());
        // Moved on before the check: a request that breaks the contract must not make the next one look like a writer.
        _events = after;
        ProblemContract.Check(request, reply, before, after);
        return reply;
    }

    /// <summary>
    /// The sweep (every request of a table, each held to the contract), then the property: <paramref name="iterations"/>
    /// requests drawn from <paramref name="gen"/>, one at a time (the collection shares one host, and the event count needs no
    /// concurrent writers). The draws come from one random stream started at <paramref name="seed"/>, so a run is the same
    /// every time: CsCheck's own SampleAsync takes a seed for its first draw only and continues from the clock, which is not
    /// something CI can rely on. <c>CsCheck_Seed=…</c> starts the stream elsewhere, <c>CsCheck_Iter=…</c> draws more.
    /// The property runs even when the sweep found something, so a failure shows both, each request with the seed that
    /// draws it first (<c>CsCheck_Seed=… CsCheck_Iter=1</c> sends just that one).
    /// </summary>
    public async Task RunAsync(IEnumerable<FuzzRequest> sweep, Gen<FuzzRequest> gen, int iterations, string seed)
    {
        var violations = new List<string>();
        var swept = 0;
        foreach (var request in sweep)
        {
            swept++;
            try { await CheckAsync(request); }
            catch (ContractViolation v) { violations.Add(v.Message); }
        }
        SweepSummary = Summary();

        var start = Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } chosen ? chosen : seed;
        var random = PCG.Parse(start);
        var draws = Iterations(iterations);
        var failed = new List<string>();
        for (var i = 0; i < draws; i++)
        {
            var drawSeed = random.ToString();
            var request = gen.Generate(random, null, out _);
            try { await CheckAsync(request); }
            catch (ContractViolation v) { failed.Add($"draw {i + 1} (CsCheck_Seed={drawSeed}): {v.Message}"); }
        }
        PropertySummary = $"{draws} draws from seed {start}";
        if (failed.Count == 0 && violations.Count == 0) return;

        var report = new System.Text.StringBuilder();
        if (failed.Count > 0)
            report.Append($"The property failed on {failed.Count} of {draws} draws from CsCheck_Seed={start} (the first 8):\n\n").AppendJoin("\n\n", failed.Take(8)).Append("\n\n");
        if (violations.Count > 0)
            report.Append($"{violations.Count} of {swept} swept requests broke the contract (the first 8):\n\n").AppendJoin("\n\n", violations.Take(8));
        else report.Append($"All {swept} swept requests kept the contract.");
        throw new ContractViolation(report.ToString());
    }

    public string SweepSummary { get; private set; } = "";

    public string PropertySummary { get; private set; } = "";

    /// <summary>The draws a property makes: <paramref name="fallback"/>, or <c>CsCheck_Iter</c> when set.</summary>
    public static long Iterations(int fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var iter) && iter > 0 ? iter : fallback;

    /// <summary>A fixed seed per property, from its name: the same draws on every run and machine (string.GetHashCode is randomised per process).</summary>
    public static string SeedFor(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        return new PCG(1, hash).ToString();
    }

    /// <summary>No half-written change: every stream's versions run 1..n without gaps (the property the first fuzz test held).</summary>
    public async Task<IReadOnlyList<string>> StreamsWithGapsAsync()
    {
        await using var session = fixture.Store.QuerySession();
        return await session.QueryAsync<string>("select stream_id from claimsledger.mt_events group by stream_id having max(version) <> count(*)");
    }

    public string Summary() => $"{Sent} requests: " + string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));

    private async Task UntilRebuildEndsAsync(string location)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await Reply.From(await fixture.Client.GetAsync(location));
            // A replayed 202 (the same Idempotency-Key again) may point at a rebuild an earlier test's store held.
            if (status.Code != 200 || status.As<RebuildStatus>().State != RebuildStatus.Running) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"rebuild {location} did not end within a minute");
    }
}
