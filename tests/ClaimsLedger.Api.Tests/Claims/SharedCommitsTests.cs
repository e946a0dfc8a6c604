using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>
/// Single POSTs that arrive together share commits (SharedCommits), and each still answers and is recorded as if it had
/// been committed alone: its own outcome, position, actor, correlation id and causation id.
/// </summary>
public sealed class SharedCommitsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const int Posts = 40;

    [Fact]
    public async Task posts_that_share_a_commit_each_keep_their_own_voice_outcome_and_position()
    {
        var text = string.Join(" ", Enumerable.Range(0, Posts).Select(i => $"Fact {i:D2} about Kazakh trade."));
        await Api.Post("/api/sources", Samples.Source(text, id: "shared-facts"));

        // Rows written in one transaction share its id (xmin); a round where the writers never had two claims waiting is sent again.
        List<Sent> sent = [];
        for (var round = 0; round < 5 && !await AnyCommitSharedAsync(sent); round++)
            sent = [.. await Task.WhenAll(Enumerable.Range(0, Posts).Select(i => SendAsync(round, i, text)))];

        (await AnyCommitSharedAsync(sent)).ShouldBeTrue("no two POSTs shared a commit in five rounds");
        await using var session = Fixture.Store.QuerySession();
        foreach (var post in sent)
        {
            post.Reply.Code.ShouldBe(201, post.Reply.Body);
            var result = post.Reply.As<RecordClaimResult>();
            post.Reply.Headers.GetValues("X-Ledger-Position").Single().ShouldBe(result.Position.ToString());
            var recorded = (await session.Events.FetchStreamAsync(result.Id)).ShouldHaveSingleItem();
            recorded.Sequence.ShouldBe(result.Position);
            recorded.UserName.ShouldBe(post.Actor);
            recorded.CorrelationId.ShouldBe(post.Correlation);
            recorded.Data.ShouldBeOfType<ClaimExtracted>().Actor.ShouldBe(post.Actor);
            var claim = (await Api.Get($"/api/claims/{result.Id}")).As<ClaimDetails>();
            (claim.RecordedBy, claim.RecordedAt).ShouldBe((post.Actor, recorded.Timestamp));
        }
        var claimIds = sent.Select(p => p.Reply.As<RecordClaimResult>().Id).ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(claimIds)).ToListAsync();
        events.Select(e => e.CausationId).Distinct().Count().ShouldBe(Posts);
    }

    [Fact]
    public async Task the_same_claim_sent_many_times_at_once_is_created_once_and_found_by_the_rest()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), actor: $"analyst-{i}")));

        replies.ShouldAllBe(r => r.Code == 200 || r.Code == 201, string.Join("\n", replies.Select(r => r.Body)));
        replies.Count(r => r.Code == 201).ShouldBe(1);
        var results = replies.Select(r => r.As<RecordClaimResult>()).ToList();
        results.ShouldAllBe(r => r.Version == 1 && r.Position == results[0].Position);
        results.Count(r => r.Outcome == "unchanged").ShouldBe(23);
    }

    private sealed record Sent(string Actor, string Correlation, Reply Reply);

    private async Task<Sent> SendAsync(int round, int i, string text)
    {
        var actor = $"analyst-{round}-{i}@example.org";
        var correlation = $"shared-{round}-{i}";
        var reply = await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = $"Kazakh trade fact {i}, round {round}.", confidence = 0.5,
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("shared-facts", text, $"Fact {i:D2} about Kazakh trade."),
        }, actor: actor, headers: new Dictionary<string, string> { ["X-Correlation-Id"] = correlation });
        return new Sent(actor, correlation, reply);
    }

    private async Task<bool> AnyCommitSharedAsync(IReadOnlyCollection<Sent> sent)
    {
        if (sent.Count == 0) return false;
        var ids = sent.Where(p => p.Reply.Code == 201).Select(p => p.Reply.As<RecordClaimResult>().Id).ToArray();
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from (select xmin::text from claimsledger.mt_doc_claimdetails where id = any(@ids) group by 1 having count(*) > 1) t",
            connection);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
