using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Vocabulary;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// The body of POST /api/subscriptions. What is wanted follows from what is named unless said outright: <c>types</c>
/// alone means raw events of those types, <c>subjects</c> alone alignment changes of those subjects, neither means both
/// kinds of everything.
/// </summary>
/// <param name="Url">Where notifications are POSTed: an absolute http(s) URL without credentials; loopback, private and link-local addresses are refused unless ClaimsLedger:Webhooks:AllowPrivateTargets is set.</param>
/// <param name="Events">Whether to send raw ledger events (<c>ledger.event</c>); by default, when <c>types</c> is given or <c>subjects</c> is not.</param>
/// <param name="Types">Only raw events of these types (snake case, as the change feed names them); empty or absent: every type.</param>
/// <param name="AlignmentChanges">Whether to send <c>alignment.changed</c> notifications; by default, when <c>subjects</c> is given or <c>types</c> is not.</param>
/// <param name="Subjects">Only alignment changes of these subjects (ISO country codes or region names); empty or absent: every subject.</param>
/// <param name="Secret">The signing secret, <c>whsec_</c> + base64 of 24–64 random bytes; omitted, one is generated and answered once.</param>
public sealed record CreateSubscriptionRequest([property: Required] string? Url, bool? Events, IReadOnlyList<string?>? Types, bool? AlignmentChanges,
    IReadOnlyList<string?>? Subjects, string? Secret)
{
    public const int MaxFilters = 50;

    public CreateSubscription ToCommand(bool allowPrivateTargets, IReadOnlySet<string> eventTypes, FieldErrors errors)
    {
        var url = errors.Require(Url, "url", WebhookTargets.MaxUrlLength);
        if (url.Length > 0 && WebhookTargets.Problem(url, allowPrivateTargets) is { } problem) errors.Add("url", problem);
        var types = Names(Types, "types", t => eventTypes.Contains(t), $"must name event types of the ledger ({string.Join(", ", eventTypes.Order())}).", errors);
        var subjects = Names(Subjects, "subjects", Codes.IsSubject, $"must be {Codes.SubjectRule}.", errors);
        var events = Events ?? (types.Count > 0 || subjects.Count == 0);
        var alignment = AlignmentChanges ?? (subjects.Count > 0 || types.Count == 0);
        if (!events && !alignment) errors.Add("events", "a subscription needs events, alignmentChanges or both.");
        if (!events && types.Count > 0) errors.Add("types", "filters raw events, which this subscription does not want (events is false).");
        if (!alignment && subjects.Count > 0) errors.Add("subjects", "filters alignment changes, which this subscription does not want (alignmentChanges is false).");
        if (Secret is not null && !StandardWebhooks.IsValidSecret(Secret)) errors.Add("secret", StandardWebhooks.SecretRule);
        return new CreateSubscription(Guid.NewGuid().ToString("N"), url, events, types, alignment, subjects, Secret ?? StandardWebhooks.NewSecret(),
            Generated: Secret is null);
    }

    private static List<string> Names(IReadOnlyList<string?>? names, string field, Func<string, bool> known, string rule, FieldErrors errors)
    {
        if (names is null) return [];
        if (names.Count > MaxFilters) errors.Add(field, $"must list at most {MaxFilters} names.");
        for (var i = 0; i < names.Count; i++)
            if (names[i] is not { } name || !known(name)) errors.Add($"{field}[{i}]", rule);
        return names.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>Registers a receiver. The id is new for every request, so a retried request needs its Idempotency-Key.</summary>
public sealed record CreateSubscription(string SubscriptionId, string Url, bool Events, IReadOnlyList<string> Types, bool AlignmentChanges,
    IReadOnlyList<string> Subjects, string Secret, bool Generated) : ILedgerCommand
{
    public string StreamId => SubscriptionStreams.IdFor(SubscriptionId);

    public static Decision Decide(SubscriptionState? existing, CreateSubscription command, string actor) =>
        existing is not null
            ? Decision.Refuse(Refusal.Conflict($"Subscription '{command.SubscriptionId}' already exists."))
            : Decision.Create(new SubscriptionCreated(command.SubscriptionId, command.Url, command.Events, command.Types, command.AlignmentChanges,
                command.Subjects, StandardWebhooks.Fingerprint(command.Secret), actor));

    // The secret never reaches a log through the command's printed form.
    public override string ToString() => $"CreateSubscription {{ SubscriptionId = {SubscriptionId}, Url = {Url} }}";
}

public static class CreateSubscriptionHandler
{
    public static (Events, CommandOutcome, IMartenOp) Handle(CreateSubscription command,
        [WriteAggregate(nameof(CreateSubscription.StreamId), Required = false)] SubscriptionState? subscription, Envelope envelope)
    {
        var (events, outcome) = Decide.OnNewOrExisting(command.StreamId, subscription,
            existing => CreateSubscription.Decide(existing, command, Actors.Of(envelope)));
        // The secret is written with the event that fingerprints it, in the same transaction, or not at all.
        IMartenOp secret = outcome.Outcome == Outcome.Created
            ? MartenOps.Store(new WebhookSecret { Id = command.SubscriptionId, Secret = command.Secret })
            : MartenOps.Nothing();
        return (events, outcome, secret);
    }

    /// <summary>
    /// Subscribes a receiver (admins only): notifications from the next ledger position on are POSTed to its URL, signed
    /// per Standard Webhooks. The answer carries the secret once, if it was generated.
    /// </summary>
    [WolverinePost("/api/subscriptions", OperationId = "CreateSubscription")]
    [Tags("Subscriptions")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(CreateSubscriptionRequest? body, HttpContext http, IMessageContext bus)
    {
        CreateSubscription? command = null;
        var allowPrivate = http.RequestServices.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets;
        var types = ChangeFeed.EventTypes(http.RequestServices.GetRequiredService<IDocumentStore>());
        return bus.SendAsync(http, body, (b, _, errors) => command = b.ToCommand(allowPrivate, types, errors),
            async (outcome, query, ct) =>
            {
                var view = await SubscriptionView.LoadAsync(query, command!.SubscriptionId, ct)
                    ?? throw new InvalidOperationException($"Subscription {command.SubscriptionId} was created but is not readable.");
                view = view with { Position = outcome.Position, Secret = command.Generated ? command.Secret : null };
                return Results.Created($"/api/subscriptions/{view.Id}", view);
            });
    }
}
