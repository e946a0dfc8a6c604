using System.Diagnostics;
using System.Text.Json.Nodes;
using ClaimsLedger.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Chaos.Tests;

/// <summary>
/// Three API nodes share one database. Commands may go to any of them, but the async alignment projection must have a
/// single writer (HotCold: one node holds it, the others stand by). When that node dies the projection must move to a
/// survivor by itself, and what it builds must equal a replay of the events from scratch.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SeveralNodesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(60);
    private ChaosPostgres _postgres = null!;
    private readonly List<ApiNode> _nodes = [];

    public async Task InitializeAsync()
    {
        _postgres = await ChaosPostgres.StartAsync();
        foreach (var name in new[] { "node-a", "node-b", "node-c" }) _nodes.Add(new ApiNode(name, _postgres.ConnectionString));
        try
        {
            // Together, on an empty database: every node creates or checks the schema at the same moment, as in a rollout.
            await Task.WhenAll(_nodes.Select(n => n.StartAsync(TimeSpan.FromSeconds(120))));
            await Ledger.RegisterSourcesAsync(_nodes[0]);
        }
        catch
        {
            // xunit does not dispose a test class whose InitializeAsync failed; nothing may outlive the test.
            await DisposeAsync();
            throw;
        }
    }

    private string Tails() => string.Join('\n', _nodes.Select(n => n.Tail(40)));

    [Fact(Timeout = 280_000)]
    public async Task The_alignment_runs_on_one_node_moves_to_a_survivor_when_it_dies_and_equals_a_rebuild()
    {
        var run = $"nodes-{Guid.NewGuid():N}"[..14];
        await PostThroughAsync(_nodes, run, 45);
        await Ledger.AssertAlignmentsCatchUpAsync(_nodes[1], _postgres, TimeSpan.FromSeconds(60), Tails);

        var (owner, projectionLock) = await FindOwnerAsync(_nodes);
        output.WriteLine($"projection owner: {owner.Name} ({projectionLock})");
        await Task.WhenAll(_nodes.Where(n => n != owner).Select(AssertRebuildRefusedAsElsewhereAsync));

        owner.Kill();
        var killed = Stopwatch.StartNew();
        var survivors = _nodes.Where(n => n != owner).ToList();
        await PostThroughAsync(survivors, run + "-after", 20);
        // The claims recorded after the kill reach the alignment only if a survivor took the projection over.
        await Ledger.AssertAlignmentsCatchUpAsync(survivors[0], _postgres, Takeover - killed.Elapsed, Tails);
        output.WriteLine($"alignment caught up {killed.Elapsed.TotalSeconds:0.0} s after the owner was killed");

        var (successor, successorLock) = await FindOwnerAsync(survivors, sameLocksAs: projectionLock);
        output.WriteLine($"new projection owner: {successor.Name} ({successorLock})");
        successorLock.ShouldBe(projectionLock, "after the takeover other projection locks are held than before");
        await Task.WhenAll(survivors.Where(n => n != successor).Select(AssertRebuildRefusedAsElsewhereAsync));

        await AssertHistoryHasOneEntryPerClaimEventAsync(successor);
        var live = await Ledger.ReadModelsAsync(successor);
        await RebuildAlignmentAsync(successor);
        var rebuilt = await Ledger.ReadModelsAsync(successor);
        var differing = live.Keys.Union(rebuilt.Keys).Where(k => !JsonNode.DeepEquals(live.GetValueOrDefault(k), rebuilt.GetValueOrDefault(k))).ToList();
        differing.ShouldBeEmpty("read models differ from a rebuild of the same events:\n" + string.Join('\n', differing.Take(5).Select(k =>
            $"{k}\n  live:    {Excerpt(live.GetValueOrDefault(k))}\n  rebuilt: {Excerpt(rebuilt.GetValueOrDefault(k))}")));

        // The rebuild restarts the projection's agent on its node; claims recorded afterwards must still arrive, and the
        // other survivor must not have taken the projection while its agent was stopped.
        await PostThroughAsync(survivors, run + "-rebuilt", 6);
        await Ledger.AssertAlignmentsCatchUpAsync(survivors[^1], _postgres, TimeSpan.FromSeconds(60), Tails);
        (await FindOwnerAsync(survivors)).Owner.ShouldBe(successor, "the projection moved to another node during or after the rebuild");
    }

    /// <summary>Distinct claims through every given node at once; all must be acknowledged, since nothing is failing.</summary>
    private async Task PostThroughAsync(IReadOnlyList<ApiNode> nodes, string run, int claims)
    {
        var load = new LoadDriver(nodes.Count, w => nodes[w % nodes.Count], (w, n) => Ledger.Claim(run, w, n));
        load.Start();
        try { await load.WaitForAcknowledgedAsync(claims, TimeSpan.FromSeconds(60), Tails); }
        finally { await load.StopAsync(); }
        load.Attempts.Where(a => !a.Acknowledged).ShouldBeEmpty($"writes failed with healthy nodes:\n{string.Join('\n', load.Attempts.Where(a => !a.Acknowledged).Take(10))}");
        load.Attempts.Select(a => a.Node).Distinct().Count().ShouldBe(nodes.Count);
    }

    /// <summary>
    /// Each async projection and subscription (the alignment, the audit chain, contradictions, the webhook relays) runs on
    /// one node, under a Marten advisory lock of its own: every such lock is held by a running node, and exactly one running
    /// node says it runs the alignment (<c>/health/ready</c>, <c>runningHere</c>), and that node holds one of the locks.
    /// The second value names the locks held, which a successor must hold again.
    /// </summary>
    private async Task<(ApiNode Owner, string Locks)> FindOwnerAsync(IReadOnlyList<ApiNode> candidates, string? sameLocksAs = null)
    {
        List<ProjectionOwnership.LockHolder> holders = [];
        List<ApiNode> runningAlignment = [];
        var described = "";
        await Eventually.WaitAsync(async () =>
        {
            holders = await ProjectionOwnership.MartenLocksAsync(_postgres);
            var running = _nodes.Where(n => n.IsRunning).ToList();
            var lockNodes = holders.Select(h => ProjectionOwnership.NodeWithConnectionFrom(h.ClientPort, running)).ToList();
            runningAlignment = [];
            foreach (var node in running)
            {
                var (status, health) = await node.Client.GetJsonAsync("/health/ready");
                if (status == 200 && health.GetProperty("checks").GetProperty("projections").GetProperty("data").GetProperty("runningHere")
                        .EnumerateArray().Any(a => a.GetString() == "Alignment:All"))
                    runningAlignment.Add(node);
            }
            described = $"locks: {string.Join("; ", holders.Select((h, i) => $"{h} ({lockNodes[i]?.Name ?? "no running node"})"))}; " +
                        $"running the alignment: {string.Join(", ", runningAlignment.Select(n => n.Name))}";
            return holders.Count > 0 && lockNodes.All(n => n is not null) && runningAlignment.Count == 1 && lockNodes.Contains(runningAlignment[0])
                   && (sameLocksAs is null || Locks(holders) == sameLocksAs);
        }, Takeover, () => $"the projections are not each held by one running node: {described}\n{Tails()}", TimeSpan.FromMilliseconds(500));
        var owner = runningAlignment[0];
        candidates.ShouldContain(owner, $"{owner.Name} runs the alignment but is not one of {string.Join(", ", candidates.Select(c => c.Name))}");
        return (owner, Locks(holders));
    }

    private static string Locks(IEnumerable<ProjectionOwnership.LockHolder> holders) =>
        string.Join(", ", holders.Select(h => $"({h.ClassId},{h.ObjId})").Order(StringComparer.Ordinal));

    /// <summary>The API's own idea of where the projection runs must agree with the lock: a rebuild here is refused.</summary>
    private static async Task AssertRebuildRefusedAsElsewhereAsync(ApiNode node)
    {
        var (status, body, response) = await node.Client.PostJsonAsync("/api/admin/projections/rebuild", new { projections = new[] { "Alignment" } });
        response.Dispose();
        status.ShouldBe(409, $"{node.Name} does not hold the projection lock, yet answered the rebuild with {status}: {body}\n{node.Tail(40)}");
        (body.GetProperty("detail").GetString() ?? "").ShouldContain("runs on another node", Case.Sensitive, $"{node.Name}: {body}");
    }

    private async Task RebuildAlignmentAsync(ApiNode owner)
    {
        var (status, body, response) = await owner.Client.PostJsonAsync("/api/admin/projections/rebuild", new { projections = new[] { "Alignment" } });
        using (response)
        {
            status.ShouldBe(202, $"{owner.Name} holds the projection lock, yet refused the rebuild: {body}\n{owner.Tail(40)}");
            var location = response.Headers.Location?.ToString() ?? throw new ShouldAssertException("202 without Location");
            var state = "";
            await Eventually.WaitAsync(async () =>
            {
                var (pollStatus, progress) = await owner.Client.GetJsonAsync(location);
                pollStatus.ShouldBe(200);
                state = progress.ToString();
                var s = progress.GetProperty("state").GetString();
                s.ShouldNotBe("failed", $"rebuild failed: {progress}\n{owner.Tail(40)}");
                if (s != "completed") return false;
                progress.GetProperty("processed").GetInt64().ShouldBe(progress.GetProperty("total").GetInt64(), $"completed but incomplete: {progress}");
                return true;
            }, TimeSpan.FromSeconds(120), () => $"rebuild did not complete: {state}\n{owner.Tail(40)}", TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>
    /// Each claim event moves its subject's scores exactly once, so the history must hold one entry per claim event:
    /// an event applied twice or skipped (a takeover that replays or drops a batch) shows up here, before any rebuild.
    /// </summary>
    private async Task AssertHistoryHasOneEntryPerClaimEventAsync(ApiNode node)
    {
        var expected = await Ledger.ExpectedAlignmentsAsync(_postgres);
        foreach (var (subject, (claims, lastSequence)) in expected)
        {
            var sequences = new List<long>();
            for (var page = 1; ; page++)
            {
                var (status, body) = await node.Client.GetJsonAsync($"/api/alignments/{subject}/history?page={page}&pageSize=200");
                status.ShouldBe(200);
                sequences.AddRange(body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
                if (page * 200 >= body.GetProperty("total").GetInt64()) break;
            }
            sequences.Count.ShouldBe(claims.Count, $"{subject}: {sequences.Count} history entries for {claims.Count} claim events");
            sequences.ShouldBe(sequences.Distinct().Order().ToList(), $"{subject}: history sequences repeat or are out of order");
            sequences[^1].ShouldBe(lastSequence);
        }
    }

    private static string Excerpt(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(missing)";
        return text.Length <= 600 ? text : text[..600] + "…";
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            output.WriteLine(node.Tail(80));
            await node.DisposeAsync();
        }
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
