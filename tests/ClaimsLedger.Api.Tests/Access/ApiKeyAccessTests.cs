using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Access;

/// <summary>With keys configured, the key decides who acts and what they may do; X-Actor names nobody.</summary>
public sealed class ApiKeyAccessTests(KeyedLedger ledger) : IClassFixture<KeyedLedger>
{
    private readonly LedgerApi _api = new(ledger.Client);

    private static Dictionary<string, string> Key(string key) => new() { ["X-Api-Key"] = key };

    [Fact]
    public async Task a_write_without_a_key_or_with_a_wrong_one_is_401_naming_the_key()
    {
        var none = await _api.Post("/api/sources", Samples.Source(Samples.TradeText), actor: "admin");
        var wrong = await _api.Post("/api/sources", Samples.Source(Samples.TradeText), actor: null, headers: Key("not-a-key-at-all-0123456789"));

        none.ShouldBeProblem(401, "X-Api-Key");
        none.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        wrong.ShouldBeProblem(401, "X-Api-Key");
    }

    [Fact]
    public async Task reads_need_a_key_too()
    {
        (await _api.Get("/api/sources")).ShouldBeProblem(401);

        var reader = await _api.Send(HttpMethod.Get, "/api/sources", headers: Key(KeyedLedger.ReaderKey));

        reader.Code.ShouldBe(200, reader.Body);
    }

    [Fact]
    public async Task a_reader_cannot_write_and_an_analyst_cannot_run_admin_actions()
    {
        var reader = await _api.Post("/api/sources", Samples.Source(Samples.ArmeniaText), actor: null, headers: Key(KeyedLedger.ReaderKey));
        var analyst = await _api.Post("/api/admin/projections/rebuild", new { projections = new[] { "ClaimDetails" } }, actor: null,
            headers: Key(KeyedLedger.AnalystKey));

        reader.ShouldBeProblem(403);
        analyst.ShouldBeProblem(403);
    }

    [Fact]
    public async Task the_keys_name_is_the_actor_and_x_actor_is_ignored()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {KeyedLedger.AnalystKey}" };
        var registered = await _api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "keyed-steppe"), actor: "admin@forged", headers: headers);

        registered.Code.ShouldBe(201, registered.Body);
        registered.As<SourceView>().RegisteredBy.ShouldBe("ana@example.org");
        var claim = await _api.Post("/api/claims", Samples.KazakhTradeClaim("keyed-steppe"), actor: "admin@forged", headers: headers);
        var trail = (await _api.Send(HttpMethod.Get, $"/api/claims/{claim.As<RecordClaimResult>().Id}/events", headers: Key(KeyedLedger.ReaderKey)))
            .As<List<ClaimEventEntry>>();
        trail.ShouldAllBe(e => e.Actor == "ana@example.org");
    }

    [Fact]
    public async Task admin_actions_are_rate_limited_per_caller_with_retry_after()
    {
        var replies = new List<Reply>();
        for (var i = 0; i <= KeyedLedger.AdminPerMinute; i++)
            replies.Add(await _api.Post("/api/admin/projections/rebuild", new { projections = new[] { "SourceText" } }, actor: null,
                headers: Key(KeyedLedger.AdminKey)));

        replies.Take(KeyedLedger.AdminPerMinute).ShouldAllBe(r => r.Code == 202 || r.Code == 409);
        var limited = replies[^1].ShouldBeProblem(429);
        limited.Headers.RetryAfter.ShouldNotBeNull();
    }
}
