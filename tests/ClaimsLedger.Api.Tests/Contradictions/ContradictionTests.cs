using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>Opposite claims from independent sources, found by the projection, listed, flagged on the alignment and resolved.</summary>
public sealed class ContradictionTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string DenialText = "Officials in Astana denied that trade with Beijing grew; they said China's share of Kazakh trade fell last year.";
    private string _toward = "", _away = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        await Api.Post("/api/sources", Samples.Source(DenialText, id: "astana-daily", title: "Astana denies", carrier: "Astana Daily", reliability: "D"));
        _toward = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        _away = (await Api.Post("/api/claims", Away("astana-daily", DenialText, "2023"))).As<RecordClaimResult>().Id;
        Next();
    }

    [Fact]
    public async Task opposite_claims_from_independent_sources_are_listed_with_their_sources_and_flagged_on_the_alignment()
    {
        await Fixture.WaitForProjectionsAsync();

        var page = (await Api.Get("/api/contradictions?subject=KZ")).As<Paged<ContradictionView>>();

        var found = page.Items.ShouldHaveSingleItem();
        found.Id.ShouldBe(ContradictionIds.For(_toward, _away));
        (found.Subject, found.Active, found.Resolved, found.Resolution).ShouldBe(("KZ", true, false, (ContradictionResolution?)null));
        var conflict = found.Conflicts.ShouldHaveSingleItem();
        (conflict.Power, conflict.Dimension).ShouldBe(("CN", Dimension.Economic));
        conflict.Second.ShouldNotBe(conflict.First);
        found.UpdatedAt.ShouldBe(found.DetectedAt);
        found.Claims.Select(c => c.ClaimId).ShouldBe(new[] { _toward, _away }.Order(StringComparer.Ordinal));
        var sources = found.Claims.SelectMany(c => c.Sources).ToDictionary(s => s.SourceId);
        (sources["steppe"].Reliability, sources["astana-daily"].Reliability).ShouldBe((ReliabilityGrade.B, ReliabilityGrade.D));
        sources["astana-daily"].IndependenceKey.ShouldBe("astana daily");
        (await Api.Get($"/api/contradictions/{found.Id}")).As<ContradictionView>().Id.ShouldBe(found.Id);
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().UnresolvedContradictions.ShouldBe(1);
        (await Api.Get("/api/alignments/KG")).As<AlignmentView>().UnresolvedContradictions.ShouldBe(0);
        (await Api.Get("/api/alignments")).As<List<AlignmentSummary>>().Single(a => a.Subject == "KZ").UnresolvedContradictions.ShouldBe(1);
        (await Api.Get("/api/contradictions?subject=KG")).As<Paged<ContradictionView>>().Total.ShouldBe(0);
    }

    [Fact]
    public async Task an_analyst_resolves_it_once_and_the_alignment_no_longer_flags_it_though_it_did_before()
    {
        var id = ContradictionIds.For(_toward, _away);
        await Fixture.WaitForProjectionsAsync();
        var before = Next();

        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = "clm-000000000000000000000000", reason = "r" }))
            .ShouldBeProblem(422, "winningClaimId");
        (await Api.Post("/api/contradictions/ctr-000000000000000000000000/resolution", new { winningClaimId = _toward, reason = "r" }))
            .ShouldBeProblem(404, "id");
        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _toward })).ShouldBeProblem(400, "reason");
        (await Api.Get($"/api/contradictions/{id}")).Headers.ETag!.ToString().ShouldBe("\"0\"");
        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _toward, reason = "r" },
            headers: new Dictionary<string, string> { ["If-Match"] = "W/\"0\"" })).ShouldBeProblem(400, "If-Match");
        // The ETag served, sent back: the first resolution may demand version 0.
        var reply = await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _toward, reason = "Customs data beat a denial." }, actor: "ana",
            headers: new Dictionary<string, string> { ["If-Match"] = "\"0\"" });
        var again = await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _toward, reason = "Same." });
        Next();

        reply.Code.ShouldBe(200, reply.Body);
        var result = reply.As<ContradictionResolutionResult>();
        (result.Id, result.WinningClaimId, result.Version, result.Outcome).ShouldBe((id, _toward, 1L, "resolved"));
        again.As<ContradictionResolutionResult>().Outcome.ShouldBe("unchanged");
        var resolved = (await Api.Get($"/api/contradictions/{id}?minPosition={result.Position}")).As<ContradictionView>();
        resolved.Resolved.ShouldBeTrue();
        resolved.Resolution.ShouldNotBeNull().Actor.ShouldBe("ana");
        resolved.Resolution.WinningClaimId.ShouldBe(_toward);
        resolved.UpdatedAt.ShouldBe(resolved.Resolution.RecordedAt);
        resolved.UpdatedAt.ShouldBeGreaterThan(resolved.DetectedAt);
        (await Api.Get("/api/contradictions?resolved=false")).As<Paged<ContradictionView>>().Total.ShouldBe(0);
        (await Api.Get("/api/contradictions?resolved=true")).As<Paged<ContradictionView>>().Total.ShouldBe(1);
        (await Api.Get($"/api/alignments/KZ?minPosition={result.Position}")).As<AlignmentView>().UnresolvedContradictions.ShouldBe(0);
        (await Api.Get($"/api/alignments?minPosition={result.Position}")).As<List<AlignmentSummary>>().Single(a => a.Subject == "KZ")
            .UnresolvedContradictions.ShouldBe(0);
        (await Api.Get($"/api/alignments/KZ?asOf={At(before)}")).As<AlignmentView>().UnresolvedContradictions.ShouldBe(1);
        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _away, reason = "Later census.", expectedVersion = 0 }))
            .ShouldBeProblem(409);
        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _away, reason = "Later census.", expectedVersion = -1 }))
            .ShouldBeProblem(400, "expectedVersion");
        (await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _away, reason = "Later census." },
            headers: new Dictionary<string, string> { ["If-Match"] = "\"1\"" })).As<ContradictionResolutionResult>().Version.ShouldBe(2);
    }

    [Fact]
    public async Task an_as_of_alignment_waits_for_the_contradictions_too_when_the_alignment_alone_has_passed_the_instant()
    {
        var id = ContradictionIds.For(_toward, _away);
        await Fixture.WaitForProjectionsAsync();
        await using var contradictions = await ProgressLock.TakeAsync(Fixture, $"{ContradictionProjection.Name}:All");
        await Api.Post($"/api/contradictions/{id}/resolution", new { winningClaimId = _toward, reason = "Customs data beat a denial." });
        var instant = Next();
        // A later claim moves the alignment's clock past the instant while the contradictions are held before the resolution.
        var later = (await Api.Post("/api/claims", Samples.RestatedTradeClaim(0))).As<RecordClaimResult>();
        (await Api.Get($"/api/alignments/KZ/history?minPosition={later.Position}")).Code.ShouldBe(200);

        var unsettled = await Api.Get($"/api/alignments/KZ?asOf={At(instant)}");
        await contradictions.ReleaseAsync();
        var settled = await Api.Get($"/api/alignments/KZ?asOf={At(instant)}");

        // Answered at once, it said 1, and the same read later 0.
        unsettled.ShouldBeProblem(503, "asOf");
        settled.Code.ShouldBe(200, settled.Body);
        settled.As<AlignmentView>().UnresolvedContradictions.ShouldBe(0);
    }

    [Fact]
    public async Task claims_that_share_a_publisher_or_no_valid_time_do_not_contradict_and_a_retraction_ends_a_contradiction()
    {
        await Api.Post("/api/sources", Samples.Source(DenialText + " Repeated.", id: "steppe-denial", title: "Steppe denial", carrier: "Steppe Economic Review"));
        await Api.Post("/api/claims", Away("steppe-denial", DenialText + " Repeated.", "2023", statement: "Steppe says China's share fell."));
        await Api.Post("/api/claims", Away("astana-daily", DenialText, "2019", statement: "China's share fell in 2019."));
        await Fixture.WaitForProjectionsAsync();
        // Steppe's own denial and Steppe's claim are one voice; the 2019 denial overlaps no claim it opposes.
        (await Api.Get("/api/contradictions")).As<Paged<ContradictionView>>().Items.Select(c => c.Id)
            .ShouldBe([ContradictionIds.For(_toward, _away)]);

        await Api.Post($"/api/claims/{_away}/retraction", new { reason = "The denial was misquoted." });
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get("/api/contradictions")).As<Paged<ContradictionView>>().Total.ShouldBe(0);
        (await Api.Get($"/api/contradictions/{ContradictionIds.For(_toward, _away)}")).As<ContradictionView>().Active.ShouldBeFalse();
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().UnresolvedContradictions.ShouldBe(0);
    }

    [Fact]
    public async Task a_recoding_can_make_and_unmake_a_contradiction()
    {
        await Api.Post($"/api/claims/{_away}/recoding", new { validTime = "2019", reason = "The denial is about 2019." });
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/contradictions")).As<Paged<ContradictionView>>().Total.ShouldBe(0);

        await Api.Post($"/api/claims/{_away}/recoding", new { validTime = "2022/2023", reason = "It covers both years." });
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/contradictions")).As<Paged<ContradictionView>>().Total.ShouldBe(1);
    }

    [Fact]
    public async Task a_pair_stores_its_claims_alone_and_is_served_with_its_detecting_events_time_and_the_cells_its_claims_disagree_on_now()
    {
        var id = ContradictionIds.For(_toward, _away);
        await Fixture.WaitForProjectionsAsync();
        var (first, second) = ContradictionIds.Ordered(_toward, _away);
        var awayRecordedAt = (await Api.Get($"/api/claims/{_away}")).As<ClaimDetails>().RecordedAt;

        var detected = (await Api.Get($"/api/contradictions/{id}")).As<ContradictionView>();
        var row = $"select data::text from {DocumentTable.Of<Contradiction>(Fixture.Store)} where id = '{id}'";
        var stored = await Fixture.ScalarAsync<string>(row);
        // Recoded so the two disagree on Russia too: the pair stands, on both cells now.
        var recoded = (await Api.Post($"/api/claims/{_away}/recoding", new
        {
            effects = new object[]
            {
                new { power = "CN", dimension = "economic", direction = "away", strength = 1 },
                new { power = "RU", dimension = "economic", direction = "toward", strength = 1 },
            },
            reason = "The denial also says Russia's share grew.",
        })).As<ClaimDetails>();
        var both = (await Api.Get($"/api/contradictions/{id}?minPosition={recoded.Position}")).As<ContradictionView>();

        // Detected by the second claim's extraction, at its record time, which the row does not hold.
        (detected.DetectedAt, detected.UpdatedAt).ShouldBe((awayRecordedAt, awayRecordedAt));
        detected.Conflicts.Select(c => (c.Power, c.Dimension)).ShouldBe([("CN", Dimension.Economic)]);
        both.Active.ShouldBeTrue();
        both.Conflicts.Select(c => (c.Power, c.Dimension, c.First)).ShouldBe(
        [
            ("CN", Dimension.Economic, first == _toward ? Direction.Toward : Direction.Away),
            ("RU", Dimension.Economic, first == _toward ? Direction.Away : Direction.Toward),
        ]);
        (both.DetectedAt, both.UpdatedAt).ShouldBe((awayRecordedAt, recoded.UpdatedAt));
        // The row: the two claims, and after the recoding its update too; never the conflicts or the detection time.
        stored.ShouldBe($"""["{first}", "{second}"]""");
        var updated = await Fixture.ScalarAsync<string>(row);
        updated.ShouldStartWith($"""["{first}", "{second}", "{recoded.UpdatedAt.UtcDateTime:yyyy-MM-dd}""");
        System.Text.Json.JsonDocument.Parse(updated!).RootElement.GetArrayLength().ShouldBe(3);
        // The subject's count moved once, at the detection; its moment stores the count alone (the rest are its columns).
        (await Fixture.RowsAsync($"select data::text, sequence from {DocumentTable.Of<UnresolvedCountMoment>(Fixture.Store)} where subject = 'KZ'",
            r => (r.GetString(0), r.GetInt64(1)))).ShouldBe([("{\"count\": 1}", await DetectionAsync(id))]);
    }

    [Fact]
    public async Task a_pair_stored_by_the_fifty_seventh_round_is_served_alike_and_written_back_with_its_claims_alone_when_it_changes()
    {
        var id = ContradictionIds.For(_toward, _away);
        await Fixture.WaitForProjectionsAsync();
        var (first, second) = ContradictionIds.Ordered(_toward, _away);
        var table = DocumentTable.Of<Contradiction>(Fixture.Store);
        var current = (await Api.Get($"/api/contradictions/{id}")).As<ContradictionView>();
        // The row as the fifty-seventh round wrote it: its conflicts and its detection time stored with it.
        var direction = first == _toward ? "Toward" : "Away";
        await Fixture.ExecuteSqlAsync(
            $"""update {table} set data = '["{first}", "{second}", [["CN", "Economic", "{direction}"]], "2020-01-01T00:00:00.5Z"]'::jsonb where id = '{id}'""");

        var earlier = (await Api.Get($"/api/contradictions/{id}")).As<ContradictionView>();
        var retracted = (await Api.Post($"/api/claims/{_away}/retraction", new { reason = "The denial was misquoted." })).As<ClaimDetails>();
        var stopped = (await Api.Get($"/api/contradictions/{id}?minPosition={retracted.Position}")).As<ContradictionView>();

        // Its stored conflicts served as they were; its detection time is its detecting event's, whatever the row held.
        System.Text.Json.JsonSerializer.Serialize(earlier).ShouldBe(System.Text.Json.JsonSerializer.Serialize(current));
        (stopped.Active, stopped.Conflicts.Count, stopped.DetectedAt, stopped.UpdatedAt).ShouldBe((false, 0, current.DetectedAt, retracted.UpdatedAt));
        var row = await Fixture.ScalarAsync<string>($"select data::text from {table} where id = '{id}'");
        System.Text.Json.JsonDocument.Parse(row!).RootElement.EnumerateArray().Select(v => v.ValueKind)
            .ShouldBe([System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.String]);
        row.ShouldStartWith($"""["{first}", "{second}", """);
    }

    private async Task<long> DetectionAsync(string pairId) =>
        await Fixture.ScalarAsync<long>($"select detected_sequence from {DocumentTable.Of<Contradiction>(Fixture.Store)} where id = '{pairId}'");

    [Fact]
    public async Task each_subjects_unresolved_count_follows_a_claim_recoded_away_and_back_now_and_as_of_any_instant()
    {
        await Fixture.WaitForProjectionsAsync();
        var standing = Next();
        await Api.Post($"/api/claims/{_away}/recoding", new { subject = "KG", reason = "The denial is about Kyrgyz trade." });
        var away = Next();
        var back = (await Api.Post($"/api/claims/{_away}/recoding", new { subject = "KZ", reason = "It was Kazakh after all." })).As<ClaimDetails>();
        Next();

        async Task<(int KZ, int KG)> Unresolved(string query) =>
            ((await Api.Get($"/api/alignments/KZ?minPosition={back.Position}{query}")).As<AlignmentView>().UnresolvedContradictions,
                (await Api.Get($"/api/alignments/KG?minPosition={back.Position}{query}")).As<AlignmentView>().UnresolvedContradictions);
        (await Unresolved("")).ShouldBe((1, 0));
        (await Unresolved($"&asOf={At(standing)}")).ShouldBe((1, 0));
        (await Unresolved($"&asOf={At(away)}")).ShouldBe((0, 0));
        (await Api.Get("/api/alignments")).As<List<AlignmentSummary>>().Single(a => a.Subject == "KZ").UnresolvedContradictions.ShouldBe(1);
    }

    [Fact]
    public async Task a_claim_whose_only_voice_was_retracted_contradicts_no_claim_recorded_after_it_and_live_voices_still_do()
    {
        const string Forum = "Kazinform reported that China's share of Kazakh trade rose again in 2023.";
        const string Orda = "Orda wrote that China's share of Kazakh trade fell in 2023 for the first time.";
        await Api.Post("/api/sources", Samples.Source(Forum, id: "kazinform", title: "Kazinform trade", carrier: "Kazinform"));
        await Api.Post("/api/sources", Samples.Source(Orda, id: "orda", title: "Orda trade", carrier: "Orda"));
        (await Api.Post("/api/sources/astana-daily/retraction", new { reason = "The paper withdrew the story." })).Code.ShouldBe(200);
        await Fixture.WaitForProjectionsAsync();

        // New claims compare with _away, whose one source is now retracted: its batch loads only that source's standing.
        var toward = (await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = "China's share of Kazakh trade rose again.", validTime = "2023", confidence = 0.5,
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("kazinform", Forum, "China's share of Kazakh trade rose again"),
        })).As<RecordClaimResult>().Id;
        var away = (await Api.Post("/api/claims", Away("orda", Orda, "2023", statement: "China's share of Kazakh trade fell for once.")))
            .As<RecordClaimResult>().Id;
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get("/api/contradictions?subject=KZ")).As<Paged<ContradictionView>>().Items.Select(c => c.Id).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { ContradictionIds.For(_toward, away), ContradictionIds.For(toward, away) }.Order(StringComparer.Ordinal));
        (await Api.Get($"/api/contradictions/{ContradictionIds.For(_toward, _away)}")).As<ContradictionView>().Active.ShouldBeFalse();
        (await Api.Get($"/api/contradictions/{ContradictionIds.For(toward, _away)}")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task a_ledger_written_before_the_retracted_column_has_it_filled_at_start_and_a_retracted_voice_still_contradicts_nothing()
    {
        (await Api.Post("/api/sources/astana-daily/retraction", new { reason = "The paper withdrew the story." })).Code.ShouldBe(200);
        await Fixture.WaitForProjectionsAsync();
        // The table as an earlier build left it: the standing only in each source's JSON.
        await Fixture.ExecuteSqlAsync($"alter table {MartenSetup.Schema}.mt_doc_contradictionsource drop column retracted");

        var options = new Marten.StoreOptions();
        MartenSetup.Configure(options, Fixture.Services);
        await using (var restarted = new Marten.DocumentStore(options))
            await restarted.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();

        var standing = await Fixture.RowsAsync($"select id, retracted from {MartenSetup.Schema}.mt_doc_contradictionsource where id in ('steppe', 'astana-daily')",
            reader => (Id: reader.GetString(0), Retracted: reader.GetBoolean(1)));
        standing.OrderBy(s => s.Id, StringComparer.Ordinal).ShouldBe([("astana-daily", true), ("steppe", false)]);
        // A new claim the other way from _away's only, retracted, voice: the batch asks the column, and finds no pair.
        const string Forum = "Kazinform reported that China's share of Kazakh trade rose again in 2023.";
        await Api.Post("/api/sources", Samples.Source(Forum, id: "kazinform", title: "Kazinform trade", carrier: "Kazinform"));
        var toward = (await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = "China's share of Kazakh trade rose again.", validTime = "2023", confidence = 0.5,
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("kazinform", Forum, "China's share of Kazakh trade rose again"),
        })).As<RecordClaimResult>().Id;
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get($"/api/contradictions/{ContradictionIds.For(toward, _away)}")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task a_lists_total_follows_resolutions_retractions_and_a_count_kept_before_resolved_pairs_were_counted()
    {
        var restated = new List<string>();
        for (var i = 1; i <= 2; i++) restated.Add((await Api.Post("/api/claims", Samples.RestatedTradeClaim(i))).As<RecordClaimResult>().Id);
        await Fixture.WaitForProjectionsAsync();
        // Pages of one: no full page shows where its list ends, so each total is the list's count, not the page's end.
        async Task<long> Total(string query) => (await Api.Get($"/api/contradictions?pageSize=1{query}")).As<Paged<ContradictionView>>().Total;
        async Task<(long All, long Unresolved, long Resolved, long KZ, long KZResolved, long KG)> Totals() =>
            (await Total(""), await Total("&resolved=false"), await Total("&resolved=true"), await Total("&subject=KZ"),
                await Total("&subject=KZ&resolved=true"), await Total("&subject=KG"));
        (await Totals()).ShouldBe((3, 3, 0, 3, 0, 0));

        async Task Resolve(string a, string b) =>
            (await Api.Post($"/api/contradictions/{ContradictionIds.For(a, b)}/resolution", new { winningClaimId = _away, reason = "The denial holds." }))
                .Code.ShouldBe(200);
        await Resolve(restated[0], _away);
        await Resolve(restated[1], _away);
        await Fixture.WaitForProjectionsAsync();
        (await Totals()).ShouldBe((3, 1, 2, 3, 2, 0));

        // A resolved pair whose claim is retracted no longer stands, resolved or not.
        (await Api.Post($"/api/claims/{restated[0]}/retraction", new { reason = "Misreported." })).Code.ShouldBe(200);
        await Fixture.WaitForProjectionsAsync();
        (await Totals()).ShouldBe((2, 1, 1, 2, 1, 0));

        // The counts as an earlier build kept them, without the resolved ones: the lists count their pairs meanwhile, and the
        // next batch about the subject counts them into its count.
        await Fixture.ExecuteSqlAsync($"update {MartenSetup.Schema}.mt_doc_unresolvedcount set data = data - 'resolved'");
        (await Totals()).ShouldBe((2, 1, 1, 2, 1, 0));
        restated.Add((await Api.Post("/api/claims", Samples.RestatedTradeClaim(3))).As<RecordClaimResult>().Id);
        await Fixture.WaitForProjectionsAsync();
        (await Totals()).ShouldBe((3, 2, 1, 3, 1, 0));
        async Task<List<int>> Stored() => await Fixture.RowsAsync(
            $"select (data ->> 'resolved')::int from {MartenSetup.Schema}.mt_doc_unresolvedcount where id = 'KZ'", reader => reader.IsDBNull(0) ? -1 : reader.GetInt32(0));
        (await Stored()).ShouldBe([1]);

        // Or the start counts them, before any batch.
        await Fixture.ExecuteSqlAsync($"update {MartenSetup.Schema}.mt_doc_unresolvedcount set data = data - 'resolved'");
        await ResolvedCountsAtStart.BackfillAsync(Fixture.Store, CancellationToken.None);
        (await Stored()).ShouldBe([1]);
        (await Totals()).ShouldBe((3, 2, 1, 3, 1, 0));
    }

    [Fact]
    public async Task a_source_cannot_take_a_contradictions_id()
    {
        (await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "ctr-squatter"))).ShouldBeProblem(400, "id");
    }

    [Fact]
    public async Task revisions_contests_and_regrades_send_the_projection_no_statement_while_a_corroboration_reads_the_pair()
    {
        // The claims revised below stand in a pair and their cells list a candidate: what the projection's batch used to load.
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/contradictions?subject=KZ")).As<Paged<ContradictionView>>().Total.ShouldBe(1);
        var evidence = new Evidence("astana-daily", 0, 10, DenialText[..10], "astana daily");

        var inert = await ApplyProjectionAsync(
            new ClaimConfidenceRevised(_toward, 0.9, 0.4, "analyst", "The figure is disputed."),
            new ClaimContested(_away, evidence, "analyst", "Another reading."),
            new SourceReliabilityGraded("steppe", ReliabilityGrade.C, ReliabilityGrade.B, "analyst", "Regraded."));
        (inert.Commands, inert.Pending).ShouldBe((0, 0));

        var corroborated = await ApplyProjectionAsync(new ClaimCorroborated(_toward, evidence, "analyst"));
        corroborated.Commands.ShouldBeGreaterThan(0, "a corroboration may add a voice to the pair, so it is read");
    }

    /// <summary>Runs one batch of the contradiction projection over these events in a session of its own, counting its statements.</summary>
    private async Task<(int Commands, int Pending)> ApplyProjectionAsync(params object[] events)
    {
        await using var session = Fixture.Store.LightweightSession();
        var counter = new CommandCounter();
        session.Logger = counter;
        var sequence = 1_000_000L;
        var batch = events.Select(data => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!).ToList();
        foreach (var e in batch) (e.Sequence, e.Timestamp) = (++sequence, Fixture.Clock.GetUtcNow());
        await new ContradictionProjection().ApplyAsync(session, batch, CancellationToken.None);
        return (counter.Commands, session.PendingChanges.Operations().Count());
    }

    private sealed class CommandCounter : IMartenSessionLogger
    {
        public int Commands { get; private set; }
        public void OnBeforeExecute(NpgsqlCommand command) => Commands++;
        public void OnBeforeExecute(NpgsqlBatch batch) => Commands += batch.BatchCommands.Count;
        public void LogSuccess(NpgsqlCommand command) { }
        public void LogSuccess(NpgsqlBatch batch) { }
        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    }

    private static object Away(string sourceId, string text, string validTime, string statement = "China's share of Kazakh trade fell.") => new
    {
        subject = "KZ", statement, validTime, confidence = 0.5,
        effects = new[] { new { power = "CN", dimension = "economic", direction = "away", strength = 1 } },
        evidence = Samples.Evidence(sourceId, text, text.Contains("China's share", StringComparison.Ordinal) ? "China's share of Kazakh trade fell" : text[..20]),
    };

    private DateTimeOffset Next()
    {
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        return Fixture.Clock.GetUtcNow();
    }

    private static string At(DateTimeOffset t) =>
        Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
