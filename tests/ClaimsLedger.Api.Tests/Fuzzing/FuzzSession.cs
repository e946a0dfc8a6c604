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
        var after = await CountEventsAsync();
        ProblemContract.Check(request, reply, _events, after);
        _events = after;
        return reply;
    }

    /// <summary>
    /// The sweep (every request of a table, each held to the contract), then the property (requests drawn from
    /// <paramref name="gen"/>, <paramref name="iterations"/> of them, on one thread: the collection shares one host, and the
    /// event count needs no concurrent writers). The property runs even when the sweep found something, so a failure shows
    /// both: the swept requests that broke the contract, and CsCheck's seed and smallest failing request
    /// (<c>CsCheck_Seed=… dotnet test --filter …</c> replays it; <c>CsCheck_Iter=…</c> runs longer).
    /// </summary>
    public async Task RunAsync(IEnumerable<FuzzRequest> sweep, Gen<FuzzRequest> gen, int iterations)
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
        string? sampled = null;
        try
        {
            await gen.SampleAsync(async request => { await CheckAsync(request); }, iter: Iterations(iterations), threads: 1, print: r => r.ToString());
        }
        catch (CsCheckException e)
        {
            sampled = $"{e.Message}\n{e.InnerException?.Message}";
        }
        if (sampled is null && violations.Count == 0) return;
        var report = new System.Text.StringBuilder();
        if (sampled is not null) report.Append("The property failed. ").Append(sampled).Append("\n\n");
        if (violations.Count > 0)
            report.Append($"{violations.Count} of {swept} swept requests broke the contract (the first 8):\n\n").AppendJoin("\n\n", violations.Take(8));
        else report.Append($"All {swept} swept requests kept the contract.");
        throw new ContractViolation(report.ToString());
    }

    public string SweepSummary { get; private set; } = "";

    public static long Iterations(int fallback) => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? fallback : -1;

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
