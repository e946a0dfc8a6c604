using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Subscriptions;

namespace ClaimsLedger.Api.Tests.Subscriptions;

public sealed class SubscriptionDecisionTests
{
    private static readonly HashSet<string> Types = ["claim_extracted", "source_registered"];

    private static CreateSubscription Command(string? secret = null) =>
        new CreateSubscriptionRequest("https://hooks.example.org/ledger", null, ["claim_extracted"], null, null, secret).ToCommand(false, Types, new FieldErrors());

    [Fact]
    public void a_new_subscription_is_created_by_its_actor_with_the_secrets_fingerprint_only()
    {
        var command = Command();

        var decision = CreateSubscription.Decide(null, command, "ops");

        decision.Outcome.ShouldBe(Outcome.Created);
        var created = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<SubscriptionCreated>();
        (created.SubscriptionId, created.Url, created.Actor).ShouldBe((command.SubscriptionId, "https://hooks.example.org/ledger", "ops"));
        created.Types.ShouldBe(["claim_extracted"]);
        created.SecretFingerprint.ShouldBe(StandardWebhooks.Fingerprint(command.Secret));
        created.ToString().ShouldNotContain(command.Secret);
    }

    [Fact]
    public void the_same_id_twice_is_a_conflict()
    {
        var command = Command();
        var existing = SubscriptionState.Create((SubscriptionCreated)CreateSubscription.Decide(null, command, "ops").Events[0]);

        CreateSubscription.Decide(existing, command, "ops").Refusal!.Kind.ShouldBe(RefusalKind.Conflict);
    }

    [Fact]
    public void removal_is_recorded_once()
    {
        var state = SubscriptionState.Create(new SubscriptionCreated("s1", "https://x.example", true, [], true, [], "sha256:0", "ops"));

        RemoveSubscription.Decide(state, new RemoveSubscription("s1"), "ana").Events.ShouldHaveSingleItem().ShouldBe(new SubscriptionRemoved("s1", "ana"));
        RemoveSubscription.Decide(state.Apply(new SubscriptionRemoved("s1", "ana")), new RemoveSubscription("s1"), "ops").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void only_a_dead_delivery_of_a_live_subscription_is_redriven()
    {
        var state = SubscriptionState.Create(new SubscriptionCreated("s1", "https://x.example", true, [], true, [], "sha256:0", "ops"));
        var command = new RedriveDelivery("s1", "evt_7");
        WebhookDelivery Delivery(DeliveryStatus status) =>
            new() { Id = WebhookDelivery.IdFor("s1", "evt_7"), SubscriptionId = "s1", NotificationId = "evt_7", Status = status };

        RedriveDelivery.Decide(state, Delivery(DeliveryStatus.Dead), command, "ana").Events.ShouldHaveSingleItem()
            .ShouldBe(new DeliveryRedriven("s1", "evt_7", "ana"));
        RedriveDelivery.Decide(state, null, command, "ana").Refusal.ShouldBe(Refusal.NotFound("deliveryId", "Delivery 'evt_7' of subscription 's1'"));
        RedriveDelivery.Decide(state, Delivery(DeliveryStatus.Pending), command, "ana").Refusal!.Detail.ShouldContain("only a dead delivery can be redriven");
        RedriveDelivery.Decide(state.Apply(new SubscriptionRemoved("s1", "ops")), Delivery(DeliveryStatus.Dead), command, "ana").Refusal!.Kind
            .ShouldBe(RefusalKind.Conflict);
    }

    [Theory]
    [InlineData(null, null, true, true)]
    [InlineData("claim_extracted", null, true, false)]
    [InlineData(null, "KZ", false, true)]
    [InlineData("claim_extracted", "KZ", true, true)]
    public void what_is_wanted_follows_from_the_filters_unless_said(string? type, string? subject, bool events, bool alignment)
    {
        var errors = new FieldErrors();
        var command = new CreateSubscriptionRequest("https://x.example/h", null, type is null ? null : [type], null, subject is null ? null : [subject], null)
            .ToCommand(false, Types, errors);

        errors.Any.ShouldBeFalse(errors.ToString());
        (command.Events, command.AlignmentChanges).ShouldBe((events, alignment));
    }

    [Fact]
    public void a_secret_is_generated_unless_a_valid_one_is_given()
    {
        var generated = Command();
        var given = Command("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var errors = new FieldErrors();
        new CreateSubscriptionRequest("https://x.example/h", null, null, null, null, "hunter2").ToCommand(false, Types, errors);

        generated.Generated.ShouldBeTrue();
        StandardWebhooks.IsValidSecret(generated.Secret).ShouldBeTrue();
        (given.Generated, given.Secret).ShouldBe((false, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        errors.ToString().ShouldStartWith("secret");
    }

    [Fact]
    public void a_secret_with_whitespace_in_its_base64_is_refused()
    {
        StandardWebhooks.IsValidSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ShouldBeTrue();
        StandardWebhooks.IsValidSecret("whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ShouldBeFalse();
        StandardWebhooks.IsValidSecret("whsec_MfKQ9r8GKYqrTwjU\nPD8ILPZIo2LaLaSw").ShouldBeFalse();
    }

    [Theory]
    [InlineData("ftp://x.example/h")]
    [InlineData("/relative")]
    [InlineData("https://user:pw@x.example/h")]
    [InlineData("http://127.0.0.1:8080/h")]
    [InlineData("http://localhost/h")]
    [InlineData("http://10.1.2.3/h")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/h")]
    [InlineData("http://[fe80::1]/h")]
    [InlineData("http://[::ffff:192.168.0.1]/h")]
    [InlineData("http://localhost./h")]
    [InlineData("https://example.org/\r\nX-Injected: 1")]
    [InlineData("https://example.org/a b")]
    [InlineData("https://example.org/%zz")]
    [InlineData("https://example.org:0/h")]
    public void targets_that_are_not_public_http_urls_are_refused(string url)
    {
        var errors = new FieldErrors();

        new CreateSubscriptionRequest(url, null, null, null, null, null).ToCommand(allowPrivateTargets: false, Types, errors);

        errors.ToString().ShouldStartWith("url");
    }

    [Fact]
    public void private_targets_are_allowed_when_configured_and_unknown_filters_are_named()
    {
        var errors = new FieldErrors();

        new CreateSubscriptionRequest("http://127.0.0.1:8080/h", null, ["claim_extracted", "nonsense"], false, ["KZ", "Atlantis"], null)
            .ToCommand(allowPrivateTargets: true, Types, errors);

        errors.ToString().ShouldNotContain("url");
        errors.ToString().ShouldContain("types[1]");
        errors.ToString().ShouldContain("subjects[1]");
        errors.ToString().ShouldContain("subjects filters alignment changes");
    }
}
