using System.Net;
using ClaimsLedger.Api.Subscriptions;

namespace ClaimsLedger.Api.Tests.Subscriptions;

public sealed class WebhookSignatureTests
{
    // The test vector published with the Standard Webhooks reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Id = "msg_p5jXN8AQM9LWM0D4loKWxJek", Body = "{\"test\": 2432232314}";
    private const long Timestamp = 1614265330;

    [Fact]
    public void the_signature_is_hmac_sha256_of_id_timestamp_and_body_as_standard_webhooks_defines_it()
    {
        StandardWebhooks.Sign(Secret, Id, Timestamp, Body).ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void a_tampered_body_id_or_timestamp_does_not_verify()
    {
        var signature = StandardWebhooks.Sign(Secret, Id, Timestamp, Body);

        StandardWebhooks.Verify(Secret, Id, Timestamp, Body, signature).ShouldBeTrue();
        StandardWebhooks.Verify(Secret, Id, Timestamp, Body.Replace("2432232314", "2432232315"), signature).ShouldBeFalse();
        StandardWebhooks.Verify(Secret, "msg_other", Timestamp, Body, signature).ShouldBeFalse();
        StandardWebhooks.Verify(Secret, Id, Timestamp + 1, Body, signature).ShouldBeFalse();
        StandardWebhooks.Verify(StandardWebhooks.NewSecret(), Id, Timestamp, Body, signature).ShouldBeFalse();
    }

    [Fact]
    public void any_of_several_offered_signatures_may_match_as_during_a_key_rotation()
    {
        var signature = StandardWebhooks.Sign(Secret, Id, Timestamp, Body);

        StandardWebhooks.Verify(Secret, Id, Timestamp, Body, $"v1,bm90LXRoaXMtb25l {signature}").ShouldBeTrue();
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    public void only_public_addresses_are_targets(string address, bool isPublic)
    {
        WebhookTargets.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);
    }

    [Fact]
    public async Task a_connection_to_a_name_that_resolves_to_loopback_is_refused_when_it_is_made()
    {
        var refused = await Should.ThrowAsync<WebhookTargetRefusedException>(async () =>
            await WebhookTargets.ConnectAsync(new DnsEndPoint("localhost", 9), allowPrivate: false, CancellationToken.None));

        refused.Message.ShouldContain("no public address");
    }
}
