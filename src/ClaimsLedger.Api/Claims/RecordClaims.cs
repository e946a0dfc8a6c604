using System.Text.Json;
using System.Text.Json.Serialization;
using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/batch: up to <see cref="MaxClaims"/> bodies of POST /api/claims, recorded in order.</summary>
/// <param name="Claims">The claims, each exactly as POST /api/claims takes it; at least 1 and at most 1000.</param>
public sealed record RecordClaimsRequest([property: Required, JsonConverter(typeof(RecordClaimsRequest.Items))] List<RecordClaimRequest?>? Claims)
{
    /// <summary>
    /// Reads the items one by one, so an item that is not an object (a number, a string, an array, a boolean) is answered
    /// where it stands, as a null item is (<c>claims[3]: must be an object</c>), rather than refusing the whole batch.
    /// </summary>
    public sealed class Items : JsonConverter<List<RecordClaimRequest?>>
    {
        public override List<RecordClaimRequest?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            // No message: the serializer then names the path ($.claims) as it does for any value of the wrong kind.
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException();
            var items = new List<RecordClaimRequest?>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject) items.Add(ReadItem(ref reader, options, items.Count));
                else
                {
                    reader.Skip();
                    items.Add(null);
                }
            }
            return items;
        }

        /// <summary>
        /// An item read on its own reports its faults from its own root (<c>$.effects[0].strength</c>); they are named from
        /// the batch (<c>$.claims[3].effects[0].strength</c>), as the whole body's reading named them.
        /// </summary>
        private static RecordClaimRequest? ReadItem(ref Utf8JsonReader reader, JsonSerializerOptions options, int index)
        {
            try
            {
                return JsonSerializer.Deserialize<RecordClaimRequest>(ref reader, options);
            }
            catch (JsonException ex)
            {
                var path = $"$.claims[{index}]{ex.Path?.TrimStart('$')}";
                var message = ex.Message.Contains("Path: $", StringComparison.Ordinal)
                    ? ex.Message.Replace("Path: $", $"Path: $.claims[{index}]", StringComparison.Ordinal)
                    : $"{ex.Message} Path: {path} | LineNumber: {ex.LineNumber} | BytePositionInLine: {ex.BytePositionInLine}.";
                throw new JsonException(message, path, ex.LineNumber, ex.BytePositionInLine, ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, List<RecordClaimRequest?> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
            writer.WriteEndArray();
        }
    }

    public const int MaxClaims = 1000;

    /// <summary>
    /// The items that are valid on their own become the command; each invalid one is answered where it stands, with its
    /// fields named from the batch (<c>claims[3].evidence.quote</c>), and does not hold the others back. Only a batch that
    /// is missing, empty or too long is refused as a whole.
    /// </summary>
    public RecordClaims ToCommand(FieldErrors errors, List<RecordClaimsItemResult> invalid)
    {
        if (Claims is null || Claims.Count == 0) errors.Add("claims", "at least one claim is required.");
        else if (Claims.Count > MaxClaims) errors.TooLarge("claims", $"at most {MaxClaims} claims per batch; send the rest in further batches.");
        if (errors.Any) return new RecordClaims([]);

        var items = new List<RecordClaims.Item>(Claims!.Count);
        for (var i = 0; i < Claims.Count; i++)
        {
            var at = $"claims[{i}]";
            if (Claims[i] is not { } claim)
            {
                invalid.Add(RecordClaimsItemResult.Problem(i, null, StatusCodes.Status400BadRequest, new() { [at] = ["must be an object."] }));
                continue;
            }
            var itemErrors = new FieldErrors();
            var command = claim.ToCommand(itemErrors);
            if (itemErrors.Any) invalid.Add(RecordClaimsItemResult.Invalid(i, at, itemErrors));
            else items.Add(new RecordClaims.Item(i, command));
        }
        return new RecordClaims(items);
    }
}

/// <summary>
/// Records many claims in one transaction, each exactly as <see cref="RecordClaim"/> would in a request of its own and in
/// the order given: a claim repeated within the batch is decided on the state its first occurrence left, so the batch
/// answers what the same POSTs one after another would. Items refused (unknown or retracted source, a quote that is not
/// the source's text, a retracted claim) are answered per item and append nothing; the others are appended together.
/// </summary>
public sealed record RecordClaims(IReadOnlyList<RecordClaims.Item> Claims) : ILedgerCommand
{
    /// <summary>
    /// One claim of the batch and its position in the request; <paramref name="Voice"/> when the item is a request of its
    /// own sharing the commit (<see cref="SharedCommits"/>), null when the batch's sender speaks for it.
    /// </summary>
    public sealed record Item(int Index, RecordClaim Claim, Voice? Voice = null);

    /// <summary>
    /// Who sent an item that shares a commit with other requests, and what its events carry: that request's actor,
    /// correlation id and causation id, as if it had been committed alone.
    /// </summary>
    public sealed record Voice(string Actor, string? CorrelationId, string CausationId);

    /// <summary>
    /// Whether the batch locks its claims before reading them (<see cref="ClaimStreamsForWriting"/>), so that another batch
    /// holding some of the same claims waits for it rather than fail its commit. <see cref="SharedCommits"/> turns it off:
    /// its groups never hold the same claim (a claim always goes to the same writer), and each would pay a round trip for it.
    /// </summary>
    public bool LocksClaims { get; init; } = true;

    /// <summary>Every claim stream the batch touches, once each, in order of first appearance.</summary>
    public IReadOnlyList<string> ClaimIds => Claims.Select(c => c.Claim.ClaimId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every source the batch cites, once each: its text is loaded once whatever the number of claims quoting it.</summary>
    public IReadOnlyList<string> SourceIds => Claims.Select(c => c.Claim.SourceId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Decides every item with <see cref="RecordClaim.Decide"/>, carrying each claim's state forward through the batch.
    /// <paramref name="claims"/> holds the stored state of every id in <see cref="ClaimIds"/> (null: no such stream yet).
    /// </summary>
    public static BatchDecision Decide(IReadOnlyDictionary<string, ClaimState?> claims, IReadOnlyDictionary<string, SourceDetails> sources,
        RecordClaims command, string actor)
    {
        var states = new Dictionary<string, ClaimState?>(claims, StringComparer.Ordinal);
        var appended = new Dictionary<string, List<Appended>>(StringComparer.Ordinal);
        var outcomes = new List<ItemOutcome>(command.Claims.Count);
        foreach (var (index, claim, voice) in command.Claims)
        {
            var id = claim.ClaimId;
            var state = states.GetValueOrDefault(id);
            var source = sources.GetValueOrDefault(claim.SourceId);
            var (events, outcome) = Commands.Decide.OnNewOrExisting(id, state,
                existing => RecordClaim.Decide(existing, source, claim, voice?.Actor ?? actor));
            outcomes.Add(new ItemOutcome(index, outcome));
            if (events.Count == 0) continue;
            if (!appended.TryGetValue(id, out var stream)) appended[id] = stream = [];
            stream.AddRange(events.Select(e => new Appended(e, voice)));
            states[id] = Fold(state, events, outcome.Version);
        }
        return new BatchDecision(appended, new RecordClaimsOutcome(outcomes));
    }

    /// <summary>The claim's state after the events just decided: what the next item on the same claim is decided on.</summary>
    private static ClaimState Fold(ClaimState? state, IEnumerable<object> events, long version)
    {
        // Create and Apply return new states, so the stored state (which Marten may hold in its identity map) is never touched.
        foreach (var e in events)
            state = e switch
            {
                ClaimExtracted x => ClaimState.Create(x),
                ClaimCorroborated c when state is not null => state.Apply(c),
                _ => throw new InvalidOperationException($"RecordClaim decided an event it never appends: {e.GetType().Name}."),
            };
        state!.Version = version;
        return state;
    }

    /// <summary>What the batch appends, per claim stream in order, and what each item amounted to.</summary>
    public sealed record BatchDecision(IReadOnlyDictionary<string, List<Appended>> Events, RecordClaimsOutcome Outcome);

    /// <summary>An event to append, and the voice of the request it answers when that is not the batch's sender.</summary>
    public sealed record Appended(object Event, Voice? Voice)
    {
        /// <summary>
        /// The event as Marten appends it: an event of a request sharing the commit carries that request's actor,
        /// correlation and causation (Marten fills only what an event leaves unset from the session's, which are the first
        /// request's).
        /// </summary>
        public object ToAppend(IDocumentSession session)
        {
            if (Voice is null) return Event;
            var wrapped = session.Events.BuildEvent(Event);
            wrapped.UserName = Voice.Actor;
            wrapped.CorrelationId = Voice.CorrelationId;
            wrapped.CausationId = Voice.CausationId;
            return wrapped;
        }
    }
}

/// <summary>One item's outcome: the claim's stream, version and what happened, or why the item was refused.</summary>
public sealed record ItemOutcome(int Index, CommandOutcome Outcome);

/// <summary>What the handler answers: one outcome per valid item, in request order.</summary>
public sealed record RecordClaimsOutcome(IReadOnlyList<ItemOutcome> Items);

public static class RecordClaimsHandler
{
    /// <summary>
    /// A few round trips before deciding, whatever the batch size: the cited sources (one load, each text once; one more for
    /// the originals' texts when syndicated copies are cited), the claims' locks, which claims have streams, and the write
    /// models of those (one batch; <see cref="ClaimStreamsForWriting"/>). Every stream is written expecting the version it was
    /// read at (none, for a new claim), so a concurrent writer that took no lock on it fails the commit and the retry policy
    /// decides the batch again.
    /// </summary>
    public static async Task<RecordClaimsOutcome> Handle(RecordClaims command, IDocumentSession session, Envelope envelope, CancellationToken ct)
    {
        if (command.Claims.Count == 0) return new RecordClaimsOutcome([]);
        var actor = Actors.Of(envelope);
        var sources = await SourceDetails.LoadManyWithTextAsync(session, command.SourceIds, ct);
        // Locked, read and written in one order for every batch (ordinal ids; the locks in the order of their keys): two batches
        // that touch the same claims take turns on them, and a writer that takes no lock meets a batch on the first claim
        // they share instead of each holding one the other needs until PostgreSQL's deadlock check (deadlock_timeout, 1 s)
        // fails one. In request order, two concurrent bulk loads corroborating each other's claims did that a few times a
        // run (README, twenty-sixth round).
        var streams = await ClaimStreamsForWriting.FetchAsync(session, command.ClaimIds, command.LocksClaims, ct);
        session.Listeners.Add(BatchRowsSetwise.Instance);
        var decided = RecordClaims.Decide(streams.States, sources.ToDictionary(s => s.Id, StringComparer.Ordinal), command, actor);
        foreach (var id in streams.Ids)
            if (decided.Events.TryGetValue(id, out var events)) streams.Append(session, id, [.. events.Select(e => e.ToAppend(session))]);
        return decided.Outcome;
    }

    /// <summary>Record many claims at once</summary>
    /// <remarks>
    /// Each item is decided exactly as POST /api/claims would decide it, in the order given and in one transaction: a
    /// claim already known is answered `unchanged`, so resending a batch (or part of one) records nothing twice. Items are
    /// answered one by one in `results`: an item that is invalid, cites an unknown source or quotes text the source does
    /// not hold gets the status and `errors` that POST would answer (fields named `claims[i].…`) and holds the others back
    /// in nothing. Only a batch that is missing, empty (400) or longer than 1000 claims (413) is refused whole.
    /// `position` (and X-Ledger-Position) is the highest position the batch reached: a read given it as minPosition sees
    /// every item.
    /// </remarks>
    [WolverinePost("/api/claims/batch", OperationId = "RecordClaims")]
    [Tags("Claims")]
    [ProducesResponseType<RecordClaimsResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public static Task<IResult> Post(RecordClaimsRequest? body, HttpContext http, IMessageContext bus)
    {
        var invalid = new List<RecordClaimsItemResult>();
        return bus.SendAsync<RecordClaimsRequest, RecordClaims, RecordClaimsOutcome>(http, body, (b, _, errors) => b.ToCommand(errors, invalid),
            async (outcome, query, ct) =>
            {
                var reached = outcome.Items.Where(i => !i.Outcome.Refused).Select(i => (i.Outcome.StreamId, i.Outcome.Version)).ToList();
                var positions = await LedgerPosition.OfVersionsAsync(query, reached, CommittedPositions.Of(http), ct);
                var result = RecordClaimsResult.From(outcome, positions, invalid);
                LedgerPosition.Answer(http, result.Position);
                return Results.Ok(result);
            },
            // Not paced by the alignment: held behind it, a bulk load was acknowledged at the pace the projection took it up,
            // and with the writer and the projection taking turns the load was loaded and readable 42 % later at 200,000
            // events (README, "Benchmarks"). A batch is acknowledged as fast as it is written; minPosition waits for its alignment.
            paced: false);
    }
}
