using Microsoft.AspNetCore.Http;
using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Api.Tests.Subscriptions;

public sealed class SubscriptionApiTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public const string Admin = "ops@example.org";

    [Fact]
    public async Task a_subscription_is_created_read_listed_and_removed_with_its_secret_shown_once()
    {
        var created = await Api.Post("/api/subscriptions", new { url = "https://hooks.example.org/ledger", types = new[] { "claim_extracted" } }, Admin);

        created.Code.ShouldBe(201, created.Body);
        var view = created.As<SubscriptionView>();
        created.Headers.Location!.ToString().ShouldBe($"/api/subscriptions/{view.Id}");
        view.Secret.ShouldStartWith("whsec_");
        view.SecretFingerprint.ShouldBe(StandardWebhooks.Fingerprint(view.Secret!));
        (view.Events, view.AlignmentChanges, view.CreatedBy).ShouldBe((true, false, Admin));
        created.Headers.GetValues(LedgerPosition.Header).ShouldBe([view.Position.ToString()!]);

        var read = await Api.Get($"/api/subscriptions/{view.Id}");
        read.Body.ShouldNotContain("whsec_");
        read.As<SubscriptionView>().Url.ShouldBe("https://hooks.example.org/ledger");
        (await Api.Get("/api/subscriptions")).As<List<SubscriptionView>>().ShouldHaveSingleItem().Id.ShouldBe(view.Id);

        var removed = await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{view.Id}", new Dictionary<string, string> { ["X-Actor"] = "ana@example.org" });
        removed.Code.ShouldBe(200, removed.Body);
        (removed.As<SubscriptionView>().Removed, removed.As<SubscriptionView>().RemovedBy).ShouldBe((true, "ana@example.org"));
        var again = await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{view.Id}", new Dictionary<string, string> { ["X-Actor"] = Admin });
        again.Code.ShouldBe(200, again.Body);
        again.As<SubscriptionView>().RemovedBy.ShouldBe("ana@example.org");
    }

    [Fact]
    public async Task the_stream_records_who_subscribed_and_who_removed_and_keeps_the_secret_out_of_the_events()
    {
        var view = (await Api.Post("/api/subscriptions", new { url = "https://hooks.example.org/a" }, Admin)).As<SubscriptionView>();
        await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{view.Id}", new Dictionary<string, string> { ["X-Actor"] = "ana@example.org" });

        await using var session = Fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(SubscriptionStreams.IdFor(view.Id));
        events.Count.ShouldBe(2);
        var created = events[0].Data.ShouldBeOfType<SubscriptionCreated>();
        (created.SubscriptionId, created.Url, created.SecretFingerprint, created.Actor).ShouldBe((view.Id, "https://hooks.example.org/a", view.SecretFingerprint, Admin));
        events[1].Data.ShouldBe(new SubscriptionRemoved(view.Id, "ana@example.org"));
        var stored = string.Join("\n", events.Select(e => System.Text.Json.JsonSerializer.Serialize(e.Data)));
        stored.ShouldNotContain(view.Secret![6..]);
        (await session.LoadAsync<WebhookSecret>(view.Id)).ShouldBeNull();   // removed with the subscription
    }

    [Fact]
    public async Task bad_subscriptions_are_400s_naming_each_field_and_unknown_ones_404()
    {
        var bad = await Api.Post("/api/subscriptions", new { url = "ftp://x.example/h", types = new[] { "nonsense" }, secret = "hunter2" }, Admin);
        var missing = await Api.Get("/api/subscriptions/nope");
        var deliveries = await Api.Get("/api/subscriptions/nope/deliveries");
        var removeMissing = await Api.Send(HttpMethod.Delete, "/api/subscriptions/nope", new Dictionary<string, string> { ["X-Actor"] = Admin });

        bad.ShouldBeProblem(400, "url");
        bad.As<HttpValidationProblemDetails>().Errors.Keys.ShouldBe(["url", "types[0]", "secret"], ignoreOrder: true);
        missing.ShouldBeProblem(404, "id");
        deliveries.ShouldBeProblem(404, "id");
        removeMissing.ShouldBeProblem(404);
    }

    [Theory]
    // Enum.TryParse ORed a comma list (pending|retrying is retrying), and a repeated parameter arrives as one.
    [InlineData("pending,retrying")]
    [InlineData("pending&status=retrying")]
    [InlineData("delivered,dead")]
    [InlineData("1")]
    [InlineData("%20dead")]
    public async Task a_delivery_status_filter_names_exactly_one_status_else_400(string status)
    {
        var subscription = (await Api.Post("/api/subscriptions", new { url = "https://hooks.example.org/ledger" }, Admin)).As<SubscriptionView>();

        (await Api.Get($"/api/subscriptions/{subscription.Id}/deliveries?status={status}")).ShouldBeProblem(400, "status");
        (await Api.Get($"/api/subscriptions/{subscription.Id}/deliveries?status=DEAD")).Code.ShouldBe(200);
    }

    [Fact]
    public void subscriptions_are_for_admins_only_and_the_feeds_for_readers()
    {
        var endpoints = Fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        string Policy(string route, string method) => endpoints
            .Single(e => e.RoutePattern.RawText == route && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Contains(method))
            .Metadata.GetOrderedMetadata<IAuthorizeData>().Single().Policy!;

        Policy("/api/subscriptions", "POST").ShouldBe(Roles.Admin);
        Policy("/api/subscriptions/{id}", "DELETE").ShouldBe(Roles.Admin);
        Policy("/api/subscriptions/{id}/deliveries/{deliveryId}/redrive", "POST").ShouldBe(Roles.Admin);
        foreach (var read in new[] { "/api/subscriptions", "/api/subscriptions/{id}", "/api/subscriptions/{id}/deliveries" })
            Policy(read, "GET").ShouldBe("admin-read");
        Policy("/api/changes", "GET").ShouldBe(Roles.Reader);
        Policy("/api/alignments/changes", "GET").ShouldBe(Roles.Reader);
    }
}
