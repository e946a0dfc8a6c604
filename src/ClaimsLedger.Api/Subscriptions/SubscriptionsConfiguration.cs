using ClaimsLedger.Api.Configuration;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Options;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace ClaimsLedger.Api.Subscriptions;

public static class SubscriptionsConfiguration
{
    /// <summary>The durable local queue deliveries wait in (PostgreSQL: Wolverine's inbox table).</summary>
    public const string Queue = "webhooks";

    public static void AddSubscriptions(this StoreOptions opts)
    {
        opts.Projections.LiveStreamAggregation<SubscriptionState>();
        // Inline: a subscription is committed with its event, so the relays, which read no further than the high-water
        // mark, always see every subscription created before the event they relay.
        opts.Projections.Add<WebhookSubscriptionProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<WebhookSecret>();
        opts.Schema.For<AlignmentRelayCursor>();
        opts.Schema.For<WebhookDelivery>();
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<IValidateOptions<LedgerOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        // Applied when Wolverine's options are built from the container, so it reads the final configuration.
        services.AddSingleton<IWolverineExtension, WebhookMessaging>();
        services.SubscribeToEventsWithServices<WebhookEventRelay>(ServiceLifetime.Singleton);
        services.SubscribeToEventsWithServices<WebhookAlignmentRelay>(ServiceLifetime.Singleton);
        return services;
    }
}

/// <summary>
/// Deliveries' queue and retries. The queue is durable (a message lives in PostgreSQL until handled, and a node that dies
/// leaves its messages to be taken over) and partitioned by subscription: one subscription's notifications are handled one
/// at a time, in the order they were enqueued, while other subscriptions proceed in parallel lanes. A failed attempt is
/// retried in place after an exponentially growing pause, which keeps that order (a scheduled retry would let later
/// notifications overtake it). A delivery whose last attempt fails is recorded dead and its message is done; only a failure
/// of the ledger's own (the database, a bug) outlasts the retries and goes to Wolverine's dead letters, logged at error.
/// </summary>
internal sealed class WebhookMessaging(IOptions<WebhookOptions> options) : IWolverineExtension
{
    public void Configure(WolverineOptions opts)
    {
        var o = options.Value;
        opts.PublishMessage<DeliverWebhook>().ToLocalQueue(SubscriptionsConfiguration.Queue);
        opts.LocalQueue(SubscriptionsConfiguration.Queue).UseDurableInbox().PartitionProcessingByGroupId(PartitionSlots.Nine);
        opts.MessagePartitioning.ByMessage<DeliverWebhook>(m => m.SubscriptionId);
        opts.Policies.Add(new WebhookRetries(o.RetryDelays()));
        if (o.NodeTakeoverAfter is { } takeover && takeover >= TimeSpan.FromSeconds(1))
        {
            opts.Durability.StaleNodeTimeout = takeover;
            // A node is declared dead after two health checks that find it stale.
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromTicks(Math.Min(opts.Durability.HealthCheckPollingTime.Ticks, takeover.Ticks / 3));
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromTicks(Math.Min(opts.Durability.FirstHealthCheckExecution.Ticks, takeover.Ticks / 3));
            // Released messages are picked up by the next recovery pass.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromTicks(Math.Min(opts.Durability.ScheduledJobPollingTime.Ticks, takeover.Ticks));
        }
    }

    private sealed class WebhookRetries(TimeSpan[] delays) : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, JasperFx.CodeGeneration.GenerationRules rules, JasperFx.IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.MessageType == typeof(DeliverWebhook)))
            {
                var failures = chain.OnException<WebhookDeliveryFailedException>().Or<Npgsql.NpgsqlException>();
                if (delays.Length == 0) failures.MoveToErrorQueue();
                else failures.RetryWithCooldown(delays).Then.MoveToErrorQueue();
            }
        }
    }
}
