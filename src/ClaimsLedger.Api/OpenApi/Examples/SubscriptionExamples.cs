using ClaimsLedger.Api.Subscriptions;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string SubscriptionId = "5f0c8a7e2b4d4e0f9a1b3c5d7e9f1a2b";

    private static SubscriptionView Subscription => new(SubscriptionId, "https://hooks.example.org/ledger", false, [], true, ["KZ", "KG"],
        "sha256:3b5d9a0c41e2", "ops@example.org", RecordedAt.AddHours(-1), RecordedSequence - 40, false, null, null);

    private static DeliveryView Delivery(DeliveryStatus status) => new($"aln_{RecordedSequence}_KZ", NotificationKind.AlignmentChanged, RecordedSequence, "KZ", "alignment.changed",
        status, status == DeliveryStatus.Delivered ? 2 : 10, status == DeliveryStatus.Delivered ? null : "HTTP 503 Service Unavailable",
        RecordedAt.AddSeconds(1), RecordedAt.AddSeconds(3),
        status == DeliveryStatus.Delivered ? RecordedAt.AddSeconds(3) : null, null, null, null,
        [
            new(1, RecordedAt.AddSeconds(1), 12, 503, "HTTP 503 Service Unavailable"),
            new(2, RecordedAt.AddSeconds(3), 9, status == DeliveryStatus.Delivered ? 200 : 503,
                status == DeliveryStatus.Delivered ? null : "HTTP 503 Service Unavailable"),
        ]);

    private static IEnumerable<(Type Type, Func<object> Example)> SubscriptionExamples() =>
    [
        Example(() => new CreateSubscriptionRequest("https://hooks.example.org/ledger", null, null, null, ["KZ", "KG"], null)),
        Example(() => Subscription with { Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Position = RecordedSequence - 40 }),
        Example(() => new List<SubscriptionView> { Subscription }),
        Example(() => new Paged<DeliveryView>([Delivery(DeliveryStatus.Delivered)], 1, 50, 1)),
        Example(() => Delivery(DeliveryStatus.Pending) with { RedrivenBy = "ops@example.org", RedrivenAt = RecordedAt.AddHours(1) }),
    ];
}
