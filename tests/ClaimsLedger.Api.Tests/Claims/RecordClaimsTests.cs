using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class RecordClaimsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string WireText = Samples.TradeText.Replace("customs data", "the statistics bureau");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(WireText, id: "wire", carrier: "Central Asia Wire"));
    }

    private static JsonObject Claim(string sourceId = "steppe", string text = Samples.TradeText, string quote = "China became Kazakhstan's largest trading partner",
        string? statement = null)
    {
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim(sourceId, text, quote), Web)!.AsObject();
        if (statement is not null) claim["statement"] = statement;
        return claim;
    }

    private static JsonObject Armenia(string statement = "Yerevan froze its part in the Russian-led bloc.") => new()
    {
        ["subject"] = "AM", ["statement"] = statement, ["validTime"] = "2024",
        ["effects"] = JsonNode.Parse("""[{"power":"RU","dimension":"security","direction":"away","strength":2}]"""),
        ["evidence"] = JsonSerializer.SerializeToNode(Samples.Evidence("steppe", Samples.TradeText, "Moscow's share of Kazakh imports fell"), Web),
    };

    private Task<Reply> Batch(params JsonNode?[] claims) => Batch(null, claims);

    private Task<Reply> Batch(IDictionary<string, string>? headers, params JsonNode?[] claims) =>
        Api.Post("/api/claims/batch", new JsonObject { ["claims"] = new JsonArray([.. claims.Select(c => c?.DeepClone())]) }.ToJsonString(), headers: headers);

    [Fact]
    public async Task valid_items_are_recorded_and_invalid_ones_answered_in_place()
    {
        var badSubject = Claim(statement: "Another statement.");
        badSubject["subject"] = "Kazakhstan";
        var badQuote = Claim(statement: "A third statement.");
        badQuote["evidence"]!["quote"] = "China became Kazakhstan's biggest trading partner";
        var unknownSource = Armenia("Unknown source.");
        unknownSource["evidence"]!["sourceId"] = "no-such-source";

        var reply = await Batch(new Dictionary<string, string> { ["X-Correlation-Id"] = "batch-1" },
            Claim(), badSubject, badQuote, unknownSource, null, Armenia());

        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results.Select(r => r.Index).ShouldBe([0, 1, 2, 3, 4, 5]);
        results.Select(r => r.Status).ShouldBe([null, 400, 422, 404, 400, null]);
        results[0].ShouldBe(results[0] with { Version = 1, Outcome = "created" });
        results[1].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[1].subject"]);
        results[2].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[2].evidence.quote"]);
        results[3].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[3].evidence.sourceId"]);
        results[4].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[4]"]);
        results[5].Outcome.ShouldBe("created");
        reply.Json["results"]![0]!.AsObject().Select(p => p.Key).ShouldBe(["index", "id", "version", "outcome", "position"]);
        reply.Json["results"]![2]!.AsObject().Select(p => p.Key).ShouldBe(["index", "id", "status", "errors"]);

        var kz = (await Api.Get($"/api/claims/{results[0].Id}")).As<ClaimDetails>();
        kz.Subject.ShouldBe("KZ");
        kz.RecordedBy.ShouldBe(LedgerApi.DefaultActor);
        (await Api.Get($"/api/claims/{results[5].Id}")).As<ClaimDetails>().Subject.ShouldBe("AM");
        await using var session = Fixture.Store.QuerySession();
        var claimEvents = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith("clm-")).ToListAsync();
        claimEvents.Count.ShouldBe(2);
        claimEvents.ShouldAllBe(e => e.CorrelationId == "batch-1" && e.UserName == LedgerApi.DefaultActor);
    }

    [Fact]
    public async Task items_that_are_not_objects_are_answered_in_place_and_hold_no_other_back()
    {
        var reply = await Batch(Claim(), JsonValue.Create(5), JsonValue.Create("a claim"), new JsonArray(Claim()), JsonValue.Create(true), Armenia());

        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results.Select(r => r.Status).ShouldBe([null, 400, 400, 400, 400, null]);
        results.Skip(1).Take(4).Select(r => r.Errors.ShouldNotBeNull().Keys.Single()).ShouldBe(["claims[1]", "claims[2]", "claims[3]", "claims[4]"]);
        results.Where(r => r.Status is null).ShouldAllBe(r => r.Outcome == "created");
        // Not an array at all is still the whole body's problem.
        (await Api.Post("/api/claims/batch", """{"claims":{"subject":"KZ"}}""")).ShouldBeProblem(400, "claims");
    }

    [Fact]
    public async Task every_item_answers_the_position_it_reached_and_the_batch_its_highest()
    {
        var reply = await Batch(Claim(), Armenia(), Claim("wire", WireText), Claim(), null);

        var batch = reply.As<RecordClaimsResult>();
        var results = batch.Results;
        results.Select(r => (r.Outcome, r.Version)).ShouldBe([("created", 1L), ("created", 1L), ("corroborated", 2L), ("unchanged", 2L), (null, null)]);
        await using var session = Fixture.Store.QuerySession();
        foreach (var item in results.Take(4))
        {
            var reached = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == item.Id && e.Version == item.Version).SingleAsync();
            item.Position.ShouldBe(reached.Sequence, $"item {item.Index}");
        }
        results[2].Position!.Value.ShouldBeGreaterThan(results[0].Position!.Value);  // one stream, two positions: each item its own
        results[3].Position.ShouldBe(results[2].Position);                   // unchanged: where the claim already stood
        results[4].Position.ShouldBeNull();
        batch.Position.ShouldBe(results.Take(4).Max(r => r.Position!.Value));
        reply.Headers.GetValues(LedgerPosition.Header).ShouldBe([batch.Position.ToString()]);

        var single = (await Api.Post("/api/claims", Claim())).As<RecordClaimResult>();
        single.ShouldBe(new RecordClaimResult(results[0].Id!, 2, "unchanged", results[2].Position!.Value));
        var kz = await Api.Get($"/api/alignments/KZ?minPosition={batch.Position}");
        kz.As<AlignmentView>().ClaimCount.ShouldBe(1);
        (await Api.Get($"/api/alignments/AM?minPosition={batch.Position}")).As<AlignmentView>().ClaimCount.ShouldBe(1);
    }

    [Fact]
    public async Task a_batch_that_recorded_nothing_answers_position_zero()
    {
        var unknownSource = Armenia();
        unknownSource["evidence"]!["sourceId"] = "no-such-source";

        var reply = await Batch((JsonNode?)null, unknownSource);

        reply.Code.ShouldBe(200, reply.Body);
        var batch = reply.As<RecordClaimsResult>();
        batch.Results.Select(r => r.Status).ShouldBe([400, 404]);
        batch.Position.ShouldBe(0);
        reply.Json.AsObject().Select(p => p.Key).ShouldBe(["results", "position"]);
    }

    [Fact]
    public async Task repeating_a_batch_records_nothing_new()
    {
        var first = await Batch(Claim(), Armenia(), Claim("wire", WireText));
        var events = await Fixture.EventCountAsync();

        var again = await Batch(Claim(), Armenia(), Claim("wire", WireText));

        first.As<RecordClaimsResult>().Results.Select(r => r.Outcome).ShouldBe(["created", "created", "corroborated"]);
        again.Code.ShouldBe(200, again.Body);
        var results = again.As<RecordClaimsResult>().Results;
        results.Select(r => (r.Outcome, r.Version)).ShouldBe([("unchanged", 2L), ("unchanged", 1L), ("unchanged", 2L)]);
        results.Select(r => r.Id).ShouldBe(first.As<RecordClaimsResult>().Results.Select(r => r.Id));
        (await Fixture.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task an_idempotency_key_answers_the_first_response_again()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "batch-key-1" };
        var first = await Batch(key, Claim(), Armenia());
        var events = await Fixture.EventCountAsync();

        var replay = await Batch(key, Claim(), Armenia());

        replay.Code.ShouldBe(200);
        replay.Body.ShouldBe(first.Body);   // "created" both times: the first response, not a second run
        (await Fixture.EventCountAsync()).ShouldBe(events);
        (await Batch(key, Claim())).ShouldBeProblem(422, "Idempotency-Key");
    }

    [Fact]
    public async Task a_claim_twice_in_one_batch_behaves_like_two_posts_in_a_row()
    {
        var reply = await Batch(Claim(), Claim(), Claim("wire", WireText), Claim("wire", WireText));

        var results = reply.As<RecordClaimsResult>().Results;
        results.Select(r => (r.Outcome, r.Version)).ShouldBe([("created", 1L), ("unchanged", 1L), ("corroborated", 2L), ("unchanged", 2L)]);
        results.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        var claim = (await Api.Get($"/api/claims/{results[0].Id}")).As<ClaimDetails>();
        claim.Version.ShouldBe(2);
        claim.Sources.Select(s => (s.SourceId, s.Role)).ShouldBe([("steppe", "extracted"), ("wire", "corroborated")]);
        claim.IndependentSourceCount.ShouldBe(2);
    }

    [Fact]
    public async Task a_retracted_claim_refuses_new_evidence_without_failing_the_batch()
    {
        var id = (await Api.Post("/api/claims", Claim())).As<RecordClaimResult>().Id;
        (await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misread the customs table." })).Code.ShouldBe(200);

        var reply = await Batch(Claim("wire", WireText), Armenia());

        var results = reply.As<RecordClaimsResult>().Results;
        results[0].ShouldBe(results[0] with { Id = id, Status = 409 });
        results[0].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[0]"]);
        results[1].Outcome.ShouldBe("created");
        (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>().Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_batch_writes_its_claims_in_the_order_of_their_ids_whatever_the_request_order()
    {
        // One order of the streams' rows for every batch is what keeps two concurrent batches touching the same claims from
        // deadlocking: each would otherwise hold a row the other waits for.
        var reply = await Batch([.. Enumerable.Range(0, 12).Select(i => Armenia($"Armenian statement {i}."))]);

        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        var requested = results.Select(r => r.Id!).ToList();
        var byId = requested.Order(StringComparer.Ordinal).ToList();
        requested.ShouldNotBe(byId, "the claims' ids came in their own order: the request order shows nothing");
        results.OrderBy(r => r.Position).Select(r => r.Id).ShouldBe(byId);
    }

    [Fact]
    public async Task a_batch_of_known_and_new_claims_writes_them_all_in_the_order_of_their_ids()
    {
        // Known claims' streams are fetched and new ones are not (ClaimStreamsForWriting): the order must still be one.
        string[] statements = [.. Enumerable.Range(0, 4).Select(i => $"Kazakh statement {i}.")];
        foreach (var statement in statements) (await Api.Post("/api/claims", Claim(statement: statement))).Code.ShouldBe(201);

        var reply = await Batch([.. statements.Select(s => Claim("wire", WireText, statement: s)),
            .. Enumerable.Range(0, 8).Select(i => Armenia($"Armenian statement {i}."))]);

        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results.Select(r => r.Outcome).ShouldBe([.. Enumerable.Repeat("corroborated", 4), .. Enumerable.Repeat("created", 8)]);
        var byId = results.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var first = byId[0].Outcome;
        byId.SkipWhile(r => r.Outcome == first).Any(r => r.Outcome == first)
            .ShouldBeTrue("known and new claims alternate in the order of their ids, or the order shows nothing");
        results.OrderBy(r => r.Position).Select(r => r.Id).ShouldBe(byId.Select(r => r.Id));
    }

    [Fact]
    public async Task the_same_batch_sent_concurrently_records_each_claim_once()
    {
        var claims = Enumerable.Range(0, 10).Select(i => Armenia($"Armenian statement {i}.")).Append(Claim()).ToArray();

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Batch(claims)));

        replies.ShouldAllBe(r => r.Code == 200, string.Join("\n", replies.Select(r => r.Body)));
        var results = replies.SelectMany(r => r.As<RecordClaimsResult>().Results).ToList();
        results.Count(r => r.Outcome == "created").ShouldBe(11);
        results.ShouldAllBe(r => r.Version == 1 && (r.Outcome == "created" || r.Outcome == "unchanged"));
        (await Fixture.EventCountAsync(EventStreams.Claims)).ShouldBe(11);
    }

    [Fact]
    public async Task batches_sent_at_once_holding_the_same_claims_take_turns_rather_than_roll_back()
    {
        // Each batch locks its claims before reading them (ClaimStreamsForWriting): the later ones wait, then find the claims
        // the first recorded. Without the locks they all read the claims as new, and every commit but the first failed and was
        // rolled back whole, leaving its events' sequence numbers as Marten's tombstones, to be decided and written again.
        // Each batch holds claims of its own besides the shared ones: a commit that fails on a shared claim has then already
        // drawn positions for some of its own (the claims are written in the order of their ids).
        string[] shared = [.. Enumerable.Range(0, 10).Select(i => $"Kazakh statement {i}.")];
        JsonObject[] BatchOf(int i) => [.. Enumerable.Range(0, 30).Select(j => Claim(statement: $"Batch {i}'s statement {j}.")),
            .. shared.Select(s => i % 2 == 0 ? Claim(statement: s) : Claim("wire", WireText, statement: s))];
        var before = await Fixture.ScalarAsync<long>($"select last_value from {MartenSetup.Schema}.mt_events_sequence");

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Batch(BatchOf(i))));

        replies.ShouldAllBe(r => r.Code == 200, string.Join("\n", replies.Select(r => r.Body)));
        var results = replies.SelectMany(r => r.As<RecordClaimsResult>().Results).ToList();
        results.Count(r => r.Outcome == "created").ShouldBe(6 * 30 + 10);
        results.Count(r => r.Outcome == "corroborated").ShouldBe(10);
        results.Count(r => r.Outcome == "unchanged").ShouldBe(4 * 10);
        (await Fixture.EventCountAsync(EventStreams.Claims)).ShouldBe(6 * 30 + 20);
        // Every position drawn went to an event that stayed: a commit that failed drew positions and left them to tombstones
        // (which Marten writes later, on a connection of its own).
        var drawn = await Fixture.ScalarAsync<long>($"select last_value from {MartenSetup.Schema}.mt_events_sequence") - before;
        var kept = await Fixture.ScalarAsync<long>($"select count(*) from {MartenSetup.Schema}.mt_events where seq_id > {before} and type <> 'tombstone'");
        drawn.ShouldBe(kept, "a batch was rolled back and written again");
    }

    [Fact]
    public async Task a_batch_writes_its_claims_and_its_links_in_one_statement_each_claim_at_its_streams_version()
    {
        // A claim recorded alone first: the batch corroborates it (version 2) beside two new claims (version 1) and repeats it.
        var known = (await Api.Post("/api/claims", Claim())).As<RecordClaimResult>().Id;
        var schema = MartenSetup.Schema;
        await using (var statements = await InsertStatements.CountAsync(Fixture, "mt_doc_claimdetails", "mt_doc_sourceclaimlink"))
        {
            var reply = await Batch(Claim("wire", WireText), Armenia(), Armenia("Yerevan skipped the bloc's exercises."), Claim());

            reply.Code.ShouldBe(200, reply.Body);
            reply.As<RecordClaimsResult>().Results.Select(r => r.Outcome).ShouldBe(["corroborated", "created", "created", "unchanged"]);
            (await statements.OnAsync("mt_doc_claimdetails")).ShouldBe(1);
            (await statements.OnAsync("mt_doc_sourceclaimlink")).ShouldBe(1);
        }

        // Each link's row keyed by its own id (its column alone: the JSON does not repeat it), and served by source: the single
        // POST's (Marten's upsert) beside the batch's.
        var links = await Fixture.RowsAsync($"select l.id, (l.data -> 'id') is not null from {schema}.mt_doc_sourceclaimlink as l",
            r => (Row: r.GetGuid(0), IdInJson: r.GetBoolean(1)));
        links.Count.ShouldBe(4);
        links.Select(l => l.Row).Distinct().Count().ShouldBe(4);
        links.ShouldAllBe(l => l.Row != Guid.Empty && !l.IdInJson);
        var wire = (await Api.Get("/api/sources/wire/claims")).As<SourceProvenance>().Claims;
        wire.Select(c => (c.ClaimId, c.Role)).ShouldBe([(known, "corroborated")]);
        var steppe = (await Api.Get("/api/sources/steppe/claims")).As<SourceProvenance>().Claims;
        steppe.Count.ShouldBe(3);
        steppe.ShouldAllBe(c => c.Role == "extracted" && c.Actor != "");
        steppe[0].ClaimId.ShouldBe(known);

        var rows = await Fixture.RowsAsync($"""
            select d.id, d.mt_version, (d.data ->> 'version')::bigint, d.served, s.version
            from {schema}.mt_doc_claimdetails as d join {schema}.mt_streams as s on s.id = d.id
            """, r => (Id: r.GetString(0), Row: r.GetInt64(1), Document: r.GetInt64(2), Served: JsonNode.Parse(r.GetString(3))!, Stream: r.GetInt64(4)));
        rows.Count.ShouldBe(3);
        rows.Single(r => r.Id == known).Stream.ShouldBe(2);
        foreach (var row in rows)
        {
            (row.Row, row.Document, row.Served["version"]!.GetValue<long>()).ShouldBe((row.Stream, row.Stream, row.Stream), row.Id);
            row.Served["id"]!.GetValue<string>().ShouldBe(row.Id);
        }
        var claim = (await Api.Get($"/api/claims/{known}")).As<ClaimDetails>();
        claim.Sources.Select(s => (s.SourceId, s.Role)).ShouldBe([("steppe", "extracted"), ("wire", "corroborated")]);
    }

    [Fact]
    public async Task a_batch_quotes_a_syndicated_copy_by_its_originals_text()
    {
        // The same text from another carrier: a copy, whose text the ledger keeps once, with the original.
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "copy", carrier: "Caspian Daily"))).Code.ShouldBe(201);
        (await Api.Get("/api/sources/copy")).Json["copyOf"]!.GetValue<string>().ShouldBe("steppe");

        var misquoted = Claim("copy", statement: "A misquoted claim.");
        misquoted["evidence"]!["quote"] = "China became Kazakhstan's largest trading PARTNER";
        var reply = await Batch(Claim("copy"), misquoted);

        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results[0].Outcome.ShouldBe("created");
        results[1].Status.ShouldBe(422);
        (await Api.Get("/api/sources/copy/claims")).As<SourceProvenance>().Claims.ShouldHaveSingleItem().Role.ShouldBe("extracted");
    }

    [Fact]
    public async Task batch_claims_reach_the_alignment()
    {
        await Batch(Claim(), Claim("wire", WireText), Armenia());
        await Fixture.WaitForProjectionsAsync();

        var kz = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        kz.ClaimCount.ShouldBe(1);
        kz.Scores["CN"]["economic"].ShouldBe(2 * 0.8m * 0.8m * 1.5m); // strength × confidence × B × two independent sources
        (await Api.Get("/api/alignments/AM")).As<AlignmentView>().ClaimCount.ShouldBe(1);
    }

    [Fact]
    public async Task a_missing_empty_or_oversized_batch_is_refused_whole()
    {
        (await Api.Post("/api/claims/batch", "{}")).ShouldBeProblem(400, "claims");
        (await Api.Post("/api/claims/batch", """{"claims":[]}""")).ShouldBeProblem(400, "claims");
        var tooMany = new JsonObject { ["claims"] = new JsonArray([.. Enumerable.Range(0, RecordClaimsRequest.MaxClaims + 1).Select(_ => (JsonNode)Armenia())]) };
        (await Api.Post("/api/claims/batch", tooMany.ToJsonString())).ShouldBeProblem(413, "claims");
        (await Api.Post("/api/claims/batch", """{"claims":[],"extra":1}""")).Code.ShouldBe(400);
        (await Fixture.EventCountAsync()).ShouldBe(await Fixture.EventCountAsync(EventStreams.NotClaims));
    }

    [Fact]
    public async Task a_batch_needs_an_actor()
    {
        (await Api.Post("/api/claims/batch", new JsonObject { ["claims"] = new JsonArray(Claim()) }.ToJsonString(), actor: null)).ShouldBeProblem(400, "X-Actor");
    }
}
