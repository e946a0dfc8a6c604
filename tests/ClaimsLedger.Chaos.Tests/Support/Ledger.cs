using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaimsLedger.Chaos.Tests.Support;

/// <summary>The test data (sources and distinct claims with exact evidence) and the invariants every fault must leave intact.</summary>
public static class Ledger
{
    public static readonly string[] Subjects = ["KZ", "UZ", "KG"];

    private static readonly (string Id, string Text, string Quote)[] Sources =
    [
        ("chaos-trade", "Trade between Astana and Beijing rose sharply last year. China became Kazakhstan's largest trading partner, overtaking Russia.",
            "China became Kazakhstan's largest trading partner"),
        ("chaos-energy", "Tashkent signed a long-term gas supply deal with Moscow, and Russian gas now reaches Uzbek cities through old Soviet pipes.",
            "Tashkent signed a long-term gas supply deal with Moscow"),
        ("chaos-security", "Bishkek hosted joint drills with Chinese border troops for the first time, while the Russian base at Kant stayed quiet.",
            "Bishkek hosted joint drills with Chinese border troops"),
    ];

    private static readonly (string Power, string Dimension, string Direction)[] Effects =
    [
        ("CN", "economic", "toward"), ("RU", "energy", "toward"), ("CN", "security", "toward"), ("RU", "security", "away"),
    ];

    public static async Task RegisterSourcesAsync(ApiNode node)
    {
        foreach (var (id, text, _) in Sources)
        {
            var source = new
            {
                id, title = $"Chaos source {id}", carrier = $"Carrier of {id}", published = "2024-07", reliability = "B",
                reliabilityReason = "Established outlet.", text,
            };
            // Registration is idempotent (same text, same source), so a request that timed out is simply sent again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (status, body, response) = await node.Client.PostJsonAsync("/api/sources", source);
                    response.Dispose();
                    status.ShouldBeOneOf([201, 200], $"registering source {id}: {body}");
                    break;
                }
                catch (TaskCanceledException) when (attempt < 3) { }
            }
        }
    }

    /// <summary>A claim no other request in the run makes: the statement carries the run, worker and sequence number.</summary>
    public static ClaimPost Claim(string run, int worker, int n, bool idempotencyKey = false)
    {
        var key = $"{run}-w{worker}-n{n}";
        var subject = Subjects[(worker + n) % Subjects.Length];
        var (sourceId, text, quote) = Sources[n % Sources.Length];
        var (power, dimension, direction) = Effects[(worker * 7 + n) % Effects.Length];
        var start = text.IndexOf(quote, StringComparison.Ordinal);
        var body = JsonSerializer.Serialize(new
        {
            subject,
            statement = $"Chaos claim {key}: {quote}.",
            effects = new[] { new { power, dimension, direction, strength = 1 + n % 3 } },
            validTime = "2023",
            evidence = new { sourceId, start, end = start + quote.Length, quote },
            confidence = 0.7,
        });
        return new ClaimPost(key, subject, body, idempotencyKey ? $"idem-{key}" : null);
    }

    /// <summary>Every acknowledged claim reads back, with its trail of events starting at version 1 and without gaps.</summary>
    public static async Task AssertAcknowledgedClaimsReadableAsync(ApiNode node, IReadOnlyDictionary<string, ClaimPost> acknowledged)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged.Keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            var (status, claim) = await node.Client.GetJsonAsync($"/api/claims/{id}");
            if (status != 200) { problems.Add($"GET /api/claims/{id} → {status} {claim}"); return; }
            var (eventsStatus, events) = await node.Client.GetJsonAsync($"/api/claims/{id}/events");
            if (eventsStatus != 200) { problems.Add($"GET /api/claims/{id}/events → {eventsStatus}"); return; }
            var versions = events.EnumerateArray().Select(e => e.GetProperty("version").GetInt64()).ToList();
            var types = events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
            if (versions.Count == 0 || !versions.SequenceEqual(Enumerable.Range(1, versions.Count).Select(v => (long)v)))
                problems.Add($"{id}: event versions {string.Join(",", versions)}");
            if (types.FirstOrDefault() is not "claim_extracted") problems.Add($"{id}: first event is {types.FirstOrDefault()}");
        });
        problems.ShouldBeEmpty($"{problems.Count} of {acknowledged.Count} acknowledged claims are missing or incomplete:\n" +
                               string.Join('\n', problems.Take(20)));
    }

    /// <summary>No stream has a version hole or a duplicate, and every claim stream holds exactly its one recording.</summary>
    public static async Task AssertEventLogConsistentAsync(ChaosPostgres postgres)
    {
        var gaps = await postgres.QueryAsync(
            "select stream_id, max(version), count(*) from claimsledger.mt_events group by stream_id having max(version) <> count(*)");
        gaps.ShouldBeEmpty("streams with version gaps: " + string.Join("; ", gaps.Select(r => $"{r[0]} max {r[1]} count {r[2]}")));

        // The load only ever records new claims, so a second event on a claim stream would be a retry recorded twice.
        var twice = await postgres.QueryAsync(
            "select stream_id, count(*), string_agg(type, ',') from claimsledger.mt_events where stream_id like 'clm-%' group by stream_id having count(*) <> 1");
        twice.ShouldBeEmpty("claim streams with more than their one ClaimExtracted: " + string.Join("; ", twice.Select(r => $"{r[0]}: {r[2]}")));

        var headers = await postgres.QueryAsync(
            "select s.id, s.version, (select max(e.version) from claimsledger.mt_events e where e.stream_id = s.id) from claimsledger.mt_streams s " +
            "where s.version <> coalesce((select max(e.version) from claimsledger.mt_events e where e.stream_id = s.id), 0)");
        headers.ShouldBeEmpty("mt_streams versions that disagree with the events: " + string.Join("; ", headers.Select(r => $"{r[0]} {r[1]} vs {r[2]}")));
    }

    // A few clients retrying at once, as after an outage; sequential retries would only make the tests slower.
    private static readonly ParallelOptions Retrying = new() { MaxDegreeOfParallelism = 4 };

    public sealed record RetryReport(int Resent, int WereRecorded, int NewlyRecorded, int HeldKeys);

    /// <summary>
    /// How long a retry waits out "still being processed" for a key whose first request died: the nodes release such
    /// claims after <see cref="ApiNode.AbandonAfter"/>, swept at least every half of that, plus slack for a loaded machine.
    /// </summary>
    public static readonly TimeSpan HeldKeyPatience = ApiNode.AbandonAfter * 2 + TimeSpan.FromSeconds(20);

    /// <summary>
    /// Sends again every request whose outcome the client never learned, exactly as first sent (with its Idempotency-Key,
    /// if it had one). Claim ids are deterministic, so each answer must be a 201 (it had not been recorded) or a 200
    /// "unchanged" (it had been, and the retry adds nothing); a key whose first request died with its process or its
    /// database may answer 409 "still being processed" until the node releases it, never for longer. A second retry must
    /// then find all of them recorded, under the same ids: "unchanged", or with a key the first retry's answer replayed.
    /// </summary>
    public static async Task<RetryReport> RetryUnknownOutcomesAsync(ApiNode node, ChaosPostgres postgres, IEnumerable<ClaimPost> unknown)
    {
        var clock = Stopwatch.StartNew();
        var posts = unknown.DistinctBy(p => p.Key).ToList();
        var answers = new (Attempt Answer, bool Waited)[posts.Count];
        await Parallel.ForAsync(0, posts.Count, Retrying, async (i, _) => answers[i] = await SendUntilAnsweredAsync(node, postgres, posts[i], clock));
        var first = answers.Select(a => a.Answer).ToList();
        var held = answers.Count(a => a.Waited);
        var bad = first.Where(a => !(a.Status == 201 && a.Outcome == "created" || a.Status == 200 && a.Outcome == "unchanged")).ToList();
        bad.ShouldBeEmpty($"{bad.Count} of {first.Count} retries of requests with unknown outcome answered other than 201 created or 200 unchanged " +
                          $"({first.Count(a => a.Post.IdempotencyKey is not null)} carried an Idempotency-Key):\n" +
                          $"{string.Join('\n', bad.Take(20))}\n{node.Tail(40)}");

        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(first, Retrying, async (earlier, _) =>
        {
            var again = await LoadDriver.PostAsync(node, -1, earlier.Post, clock);
            var expected = earlier.Post.IdempotencyKey is null ? (200, "unchanged") : (earlier.Status, earlier.Outcome);
            if (again.Id != earlier.Id || (again.Status, again.Outcome) != expected)
                problems.Add($"first retry: {earlier}; second (expected {expected}, same id): {again}");
        });
        problems.ShouldBeEmpty($"{problems.Count} second retries were not answered as already recorded (no key: 200 unchanged; " +
                               $"with a key: the first retry's answer replayed):\n{string.Join('\n', problems.Take(20))}");
        return new RetryReport(posts.Count, first.Count(a => a.Status == 200), first.Count(a => a.Status == 201), held);
    }

    /// <summary>
    /// Re-posting every acknowledged claim records nothing and answers the id it was acknowledged with: "unchanged", or
    /// with an Idempotency-Key the first response replayed (or "unchanged", when that response could not be stored).
    /// </summary>
    public static async Task AssertResendingAcknowledgedChangesNothingAsync(ApiNode node, ChaosPostgres postgres, IReadOnlyDictionary<string, ClaimPost> acknowledged)
    {
        var clock = Stopwatch.StartNew();
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, Retrying, async (acked, _) =>
        {
            var (id, post) = acked;
            var (again, _) = await SendUntilAnsweredAsync(node, postgres, post, clock);
            var ok = again.Id == id && (again is { Status: 200, Outcome: "unchanged" } ||
                                        post.IdempotencyKey is not null && again is { Status: 201, Outcome: "created" });
            if (!ok) problems.Add($"acknowledged as {id}, re-sent: {again}");
        });
        problems.ShouldBeEmpty($"{problems.Count} of {acknowledged.Count} re-sent acknowledged claims were not answered as already recorded:\n" +
                               string.Join('\n', problems.Take(20)));
    }

    /// <summary>
    /// One send, repeated while its Idempotency-Key is held by a first request that can no longer finish, up to
    /// <see cref="HeldKeyPatience"/>; fails with the held claims in the database if the key is never released.
    /// </summary>
    private static async Task<(Attempt Answer, bool Waited)> SendUntilAnsweredAsync(ApiNode node, ChaosPostgres postgres, ClaimPost post, Stopwatch clock)
    {
        var since = Stopwatch.StartNew();
        var waited = false;
        while (true)
        {
            var attempt = await LoadDriver.PostAsync(node, -1, post, clock);
            var held = post.IdempotencyKey is not null && attempt.Status == 409 && attempt.Body?.Contains("still being processed") == true;
            if (!held) return (attempt, waited);
            waited = true;
            if (since.Elapsed > HeldKeyPatience)
            {
                var claims = await postgres.QueryAsync(
                    "select deduplication_id, expires, status_code from claimsledger.wolverine_deduplicated_responses where status_code is null");
                throw new ShouldAssertException(
                    $"Idempotency-Key of {post.Key} still answers 409 after {HeldKeyPatience.TotalSeconds:0} s although no request with it is running: {attempt}\n" +
                    $"unanswered claims: {string.Join("; ", claims.Select(c => $"{c[0]} expires {c[1]:O}"))}\n{node.Tail(40)}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>What the event log says each subject's alignment must reflect: its claims and the last of their events.</summary>
    public static async Task<Dictionary<string, (HashSet<string> Claims, long LastSequence)>> ExpectedAlignmentsAsync(ChaosPostgres postgres)
    {
        var rows = await postgres.QueryAsync(
            "select data->>'subject', stream_id, seq_id from claimsledger.mt_events where type = 'claim_extracted'");
        rows.ShouldNotBeEmpty("no claim_extracted events in the log: the event type name this test relies on has changed");
        return rows.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key,
            g => (g.Select(r => (string)r[1]!).ToHashSet(StringComparer.Ordinal), g.Max(r => Convert.ToInt64(r[2]))));
    }

    /// <summary>
    /// Waits until every subject's alignment holds exactly the claims the log has about it and reflects the last of their
    /// events: the async projection caught up, skipping nothing and inventing nothing.
    /// </summary>
    public static async Task AssertAlignmentsCatchUpAsync(ApiNode node, ChaosPostgres postgres, TimeSpan timeout, Func<string> context)
    {
        var expected = await ExpectedAlignmentsAsync(postgres);
        var last = new Dictionary<string, string>();
        await Eventually.WaitAsync(async () =>
        {
            var done = true;
            foreach (var (subject, (claims, lastSequence)) in expected)
            {
                var (status, view) = await node.Client.GetJsonAsync($"/api/alignments/{subject}");
                if (status != 200) { last[subject] = $"status {status}"; done = false; continue; }
                var seen = (await ContributionsAsync(node, subject, view)).Select(c => c.GetProperty("claimId").GetString()!).ToHashSet(StringComparer.Ordinal);
                var sequence = view.GetProperty("lastSequence").GetInt64();
                var count = view.GetProperty("claimCount").GetInt32();
                var ok = seen.SetEquals(claims) && count == claims.Count && sequence == lastSequence;
                last[subject] = ok ? "complete" :
                    $"claimCount {count} of {claims.Count}, lastSequence {sequence} of {lastSequence}, " +
                    $"missing {claims.Except(seen).Count()}, unexpected {seen.Except(claims).Count()}";
                done &= ok;
            }
            return done;
        }, timeout, () => "alignments incomplete: " + string.Join("; ", last.Select(p => $"{p.Key}: {p.Value}")) + "\n" + context(),
            TimeSpan.FromMilliseconds(500));
    }

    /// <summary>
    /// Every contribution behind a subject's alignment: the paged /contributions resource where the API has one (the view
    /// then lists only the heaviest), else the view's own complete list.
    /// </summary>
    public static async Task<List<JsonElement>> ContributionsAsync(ApiNode node, string subject, JsonElement view)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var (status, body) = await node.Client.GetJsonAsync($"/api/alignments/{subject}/contributions?page={page}&pageSize=200");
            if (status == 404 && page == 1) return view.GetProperty("contributions").EnumerateArray().ToList();
            status.ShouldBe(200, $"GET /api/alignments/{subject}/contributions page {page}: {body}");
            all.AddRange(body.GetProperty("items").EnumerateArray());
            if ((long)page * 200 >= body.GetProperty("total").GetInt64()) return all;
        }
    }

    /// <summary>Every alignment read model of the subjects, as JSON: current views, full histories, the list.</summary>
    public static async Task<SortedDictionary<string, JsonNode?>> ReadModelsAsync(ApiNode node)
    {
        var models = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        async Task Read(string path)
        {
            var (status, body) = await node.Client.GetJsonAsync(path);
            status.ShouldBe(200, $"GET {path}: {body}");
            models[path] = JsonNode.Parse(body.GetRawText());
        }
        await Read("/api/alignments");
        foreach (var subject in Subjects)
        {
            await Read($"/api/alignments/{subject}");
            models[$"/api/alignments/{subject} (every contribution)"] =
                new JsonArray((await ContributionsAsync(node, subject, JsonSerializer.SerializeToElement(models[$"/api/alignments/{subject}"])))
                    .Select(c => JsonNode.Parse(c.GetRawText())).ToArray());
            for (var page = 1; ; page++)
            {
                var path = $"/api/alignments/{subject}/history?page={page}&pageSize=200";
                await Read(path);
                var total = models[path]!["total"]!.GetValue<long>();
                if ((long)page * 200 >= total) break;
            }
        }
        return models;
    }
}
