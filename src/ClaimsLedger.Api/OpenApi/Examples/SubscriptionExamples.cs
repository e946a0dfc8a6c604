using ClaimsLedger.Api.Subscriptions;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string SubscriptionId = "5f0c8a7e2b4d4e0f9a1b3c5d7e9f1a2b";

    private static SubscriptionView Subscription => new(SubscriptionId, "https://hooks.example.org/ledger", false, [], true, ["KZ", "KG"],
        "sha256:3b5d9a0c41e2", "ops@example.org", new(2024, 1, 22, 9, 0, 0, TimeSpan.Zero), 4790, false, null, null);

    private static DeliveryView Delivery(DeliveryStatus status) => new("aln_4812_KZ", NotificationKind.AlignmentChanged, 4812, "KZ", "alignment.changed",
        status, status == DeliveryStatus.Delivered ? 2 : 10, status == DeliveryStatus.Delivered ? null : "HTTP 503 Service Unavailable",
        new(2024, 1, 22, 9, 30, 1, TimeSpan.Zero), new(2024, 1, 22, 9, 30, 3, TimeSpan.Zero),
        status == DeliveryStatus.Delivered ? new(2024, 1, 22, 9, 30, 3, TimeSpan.Zero) : null, null, null, null,
        [
            new(1, new(2024, 1, 22, 9, 30, 1, TimeSpan.Zero), 12, 503, "HTTP 503 Service Unavailable"),
            new(2, new(2024, 1, 22, 9, 30, 3, TimeSpan.Zero), 9, status == DeliveryStatus.Delivered ? 200 : 503,
                status == DeliveryStatus.Delivered ? null : "HTTP 503 Service Unavailable"),
        ]);

    private static IEnumerable<(Type Type, Func<object> Example)> SubscriptionExamples() =>
    [
        Example(() => new CreateSubscriptionRequest("https://hooks.example.org/ledger", null, null, null, ["KZ", "KG"], null)),
        Example(() => Subscription with { Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Position = 4790 }),
        Example(() => new List<SubscriptionView> { Subscription }),
        Example(() => new Paged<DeliveryView>([Delivery(DeliveryStatus.Delivered)], 1, 50, 1)),
        Example(() => Delivery(DeliveryStatus.Pending) with { RedrivenBy = "ops@example.org", RedrivenAt = new(2024, 1, 22, 10, 0, 0, TimeSpan.Zero) }),
    ];
}
