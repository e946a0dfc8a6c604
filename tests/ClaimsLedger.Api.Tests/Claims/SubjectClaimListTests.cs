using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>
/// A busy subject's pages come from its held claim ids (<see cref="SubjectClaimList"/>) only while no transaction outside the
/// snapshot they were read in changed its list; each case below would show a stale page or total otherwise.
/// </summary>
public sealed class SubjectClaimListTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private const int Busy = SubjectClaimList.HeldFrom + 20;

    private SubjectClaimList Held => Fixture.Services.GetRequiredService<SubjectClaimList>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claims = new JsonArray();
        for (var i = 0; i < Busy; i++)
        {
            var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), Web)!.AsObject();
            claim["statement"] = $"China became Kazakhstan's largest trading partner (reading {i}).";
            // Every third claim about another power and dimension, so filtered lists hold some of KZ's claims, not all.
            if (i % 3 == 0) claim["effects"] = new JsonArray(new JsonObject
                { ["power"] = "US", ["dimension"] = "security", ["direction"] = "toward", ["strength"] = 1 });
            claims.Add(claim);
        }
        (await Api.Post("/api/claims/batch", new JsonObject { ["claims"] = claims }.ToJsonString())).Code.ShouldBe(200);
    }

    /// <summary>
    /// Every page of KZ's list (<paramref name="filters"/>: a query string's filters, such as <c>power=US</c>) as the API
    /// answers it, against the same page read by the list's uncached statement, which never uses held ids. Returns the total.
    /// </summary>
    private async Task<long> PagesAgreeWithTheUnheldRead(int pageSize = 97, string filters = "", string? subject = "KZ")
    {
        var query = (subject is null ? "" : $"&subject={subject}") + (filters.Length == 0 ? "" : "&" + filters);
        var first = (await Api.Get($"/api/claims?pageSize={pageSize}{query}")).As<Paged<ClaimDetails>>();
        // The ids a first uncached page has the API read again (in the background) serve the pages below.
        await Held.SettledAsync();
        for (var page = 1; page <= first.Total / pageSize + 2; page++)
        {
            var held = await Api.Get($"/api/claims?page={page}&pageSize={pageSize}{query}");
            held.Body.ShouldBe(await UnheldPage(subject, Keys(filters), page, pageSize), $"page {page} of {query}");
        }
        return first.Total;
    }

    private async Task<string> UnheldPage(string? subject, List<string> keys, int page, int pageSize)
    {
        await using var session = Fixture.Store.QuerySession();
        return JsonSerializer.Serialize(await ListClaimsEndpoint.PageAsync(session, subject, keys, page, pageSize, CancellationToken.None), LedgerJson.Wire);
    }

    /// <summary>The filter keys a query string's filters ask for (only those these tests use).</summary>
    private static List<string> Keys(string filters) => filters.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).Select(f => f[0] switch
    {
        "power" => ClaimFilterKeys.Power(f[1]),
        "dimension" => ClaimFilterKeys.Dimension(Enum.Parse<Dimension>(f[1], ignoreCase: true)),
        "status" => ClaimFilterKeys.Status(Enum.Parse<ClaimStatus>(f[1], ignoreCase: true)),
        "sourceId" => ClaimFilterKeys.Source(f[1]),
        _ => throw new ArgumentException(f[0]),
    }).ToList();

    private async Task<bool> ServedFromHeldIds(string filters = "", string subject = "KZ")
    {
        await Held.SettledAsync();
        await using var session = Fixture.Store.QuerySession();
        return await Held.TryPageAsync(session, subject, Keys(filters), 1, 10, CancellationToken.None) is not null;
    }

    /// <summary>Lets the next uncached page read the ids again (they are read at most once a second per subject).</summary>
    private void ReadAgainAllowed() => Fixture.Clock.Advance(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task pages_come_from_the_held_ids_until_a_claim_joins_or_leaves_the_subject()
    {
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await ServedFromHeldIds()).ShouldBeTrue();

        var added = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy + 1);
        (await Api.Get($"/api/claims?subject=KZ&page={Busy + 1}&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id.ShouldBe(added);
        (await ServedFromHeldIds()).ShouldBeTrue();

        // A recoding moves a claim to another subject: KZ's list loses it.
        var moved = (await Api.Get("/api/claims?subject=KZ&page=3&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id;
        (await Api.Post($"/api/claims/{moved}/recoding", new { subject = "KG", reason = "The statement is about Kyrgyz trade." })).Code.ShouldBeLessThan(300);
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await Api.Get("/api/claims?subject=KZ&page=3&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id.ShouldNotBe(moved);
        (await Api.Get("/api/claims?subject=KG")).As<Paged<ClaimDetails>>().Items.Select(c => c.Id).ShouldBe([moved]);

        // A claim's other changes leave the list as it was: the page still comes from the ids, with the claim as it is now.
        (await Api.Post($"/api/claims/{added}/review", new { decision = "accepted", reason = "Checked against customs data." })).Code.ShouldBeLessThan(300);
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await Api.Get($"/api/claims?subject=KZ&page={Busy}&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single()
            .ShouldSatisfyAllConditions(c => c.Id.ShouldBe(added), c => c.Status.ShouldBe(ClaimStatus.Accepted));
    }

    [Fact]
    public async Task claims_added_to_two_subjects_in_one_statement_or_deleted_in_one_each_stop_the_held_ids_being_used()
    {
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await ServedFromHeldIds()).ShouldBeTrue();

        // A bulk batch writes its claims in one statement: the statement's subjects are each logged, once, under its transaction.
        var kyrgyz = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), Web)!.AsObject();
        kyrgyz["subject"] = "KG";
        var batch = new JsonObject { ["claims"] = new JsonArray(JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), Web), kyrgyz) };
        (await Api.Post("/api/claims/batch", batch.ToJsonString())).Code.ShouldBe(200);
        (await Fixture.RowsAsync($"""
            select subject from claimsledger.{ClaimListChanges.Log}
            where xid = (select max(xid) from claimsledger.{ClaimListChanges.Log} where subject = 'KZ') order by subject
            """, r => r.GetString(0))).ShouldBe(["KG", "KZ"]);
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy + 1);
        (await ServedFromHeldIds()).ShouldBeTrue();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead(subject: "KG")).ShouldBe(1);

        // Other code deleting three of KZ's claims in one statement: logged once, and the list loses them.
        var kzLogged = $"select count(*) from claimsledger.{ClaimListChanges.Log} where subject = 'KZ'";
        var before = await Fixture.ScalarAsync<long>(kzLogged);
        await Fixture.ExecuteSqlAsync("""
            delete from claimsledger.mt_doc_claimdetails
            where id in (select id from claimsledger.mt_doc_claimdetails where subject = 'KZ' order by id limit 3)
            """);
        (await Fixture.ScalarAsync<long>(kzLogged)).ShouldBe(before + 1);
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy - 2);
    }

    [Fact]
    public async Task a_claim_whose_document_was_changed_by_other_code_is_served_as_it_now_is()
    {
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();
        var claim = (await Api.Get("/api/claims?subject=KZ&page=7&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single();

        // Written by another path than the claim's events (as a backfill might), its stream version unchanged.
        await Fixture.ExecuteSqlAsync($"update claimsledger.mt_doc_claimdetails set data = jsonb_set(data, '{{confidence}}', '0.123') where id = '{claim.Id}'");
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await Api.Get("/api/claims?subject=KZ&page=7&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single()
            .ShouldSatisfyAllConditions(c => c.Id.ShouldBe(claim.Id), c => c.Version.ShouldBe(claim.Version), c => c.Confidence.ShouldBe(0.123));
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
    }

    [Fact]
    public async Task ids_read_while_a_write_was_in_flight_are_not_used_once_it_commits()
    {
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();
        var claim = (await Api.Get("/api/claims?subject=KZ&page=5&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id;

        // A writer moves a claim out of KZ and has not committed when the ids are read again: they still hold the claim.
        await using var writer = new NpgsqlConnection(Fixture.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand("update claimsledger.mt_doc_claimdetails set subject = 'KG' where id = $1", writer, transaction)
                     { Parameters = { new() { Value = claim } } })
            (await move.ExecuteNonQueryAsync()).ShouldBe(1);
        // A later transaction commits first, so the snapshot the ids are read in lists the writer as running (with none
        // committing since its last one, PostgreSQL hands out the snapshot it already had, which the writer is simply after).
        (await Api.Post("/api/claims", Elsewhere("meanwhile"))).Code.ShouldBe(201);
        ReadAgainAllowed();
        await Held.HoldAsync("KZ", Busy, CancellationToken.None);
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await Api.Get("/api/claims?subject=KZ&pageSize=1")).As<Paged<ClaimDetails>>().Total.ShouldBe(Busy);

        await transaction.CommitAsync();
        (await ServedFromHeldIds()).ShouldBeFalse();
        (await Api.Get("/api/claims?subject=KZ&pageSize=1")).As<Paged<ClaimDetails>>().Total.ShouldBe(Busy - 1);
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy - 1);
        (await ServedFromHeldIds()).ShouldBeTrue();
    }

    [Fact]
    public async Task a_reset_ledger_a_pruned_log_and_missing_triggers_each_stop_the_held_ids_being_used()
    {
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();
        (await ServedFromHeldIds()).ShouldBeTrue();

        // Pruned with writes elsewhere between and no page read meanwhile, until the log no longer reaches back to the
        // snapshot the ids were last known good in (the page just read), though nothing changed KZ's list. Two prunes do it
        // unless a transaction elsewhere on the server (another test's database: transaction ids are the server's) still
        // runs, which holds back what a prune may delete.
        var knownGoodIn = (await Fixture.ScalarAsync<string>("select pg_snapshot_xmin(pg_current_snapshot())::text"))!;
        var before = await LogEntries();
        before.ShouldBeGreaterThan(0);
        for (var round = 0; round < 50 && !await PrunedPast(knownGoodIn); round++)
        {
            (await Api.Post("/api/claims", Elsewhere($"round {round}"))).Code.ShouldBe(201);
            await ClaimListChanges.PruneAsync(Fixture.Store, CancellationToken.None);
        }
        (await PrunedPast(knownGoodIn)).ShouldBeTrue();
        (await LogEntries()).ShouldBeLessThan(before);
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await ServedFromHeldIds()).ShouldBeTrue();

        // Without its triggers the table's changes go unlogged: held ids are not used, and the next read puts the triggers back.
        await Fixture.ExecuteSqlAsync($"drop trigger {ClaimListChanges.Triggers[0]} on claimsledger.mt_doc_claimdetails");
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await ServedFromHeldIds()).ShouldBeTrue();

        // A reset empties the table in one statement.
        await Fixture.ResetAsync();
        (await ServedFromHeldIds()).ShouldBeFalse();
        (await Api.Get("/api/claims?subject=KZ")).As<Paged<ClaimDetails>>().ShouldSatisfyAllConditions(p => p.Total.ShouldBe(0), p => p.Items.ShouldBeEmpty());
    }

    [Fact]
    public async Task ids_read_between_prunes_stay_in_use_until_the_list_changes()
    {
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();

        // Each page finds the list unchanged in its own snapshot and holds the ids as of that one, so prunes that pass the
        // snapshot the ids were read in (writes elsewhere between them) do not make the ids count as changed. No page in the
        // loop goes through the API, so nothing could read the ids again: the ids in use at the end are those read first.
        for (var round = 0; round < 4; round++)
        {
            (await Api.Post("/api/claims", Elsewhere($"round {round}"))).Code.ShouldBe(201);
            (await ServedFromHeldIds()).ShouldBeTrue();
            await ClaimListChanges.PruneAsync(Fixture.Store, CancellationToken.None);
        }
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);

        // A claim that joins KZ after the latest of those snapshots still stops them.
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).Code.ShouldBe(201);
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy + 1);
    }

    [Fact]
    public async Task a_page_read_uncached_does_not_wait_for_the_ids_to_be_read_again()
    {
        ReadAgainAllowed();
        await PagesAgreeWithTheUnheldRead();
        // With a trigger missing, reading the ids again puts the triggers back under the log's DDL lock, which this test holds.
        await Fixture.ExecuteSqlAsync($"drop trigger {ClaimListChanges.Triggers[0]} on claimsledger.mt_doc_claimdetails");
        await using var locker = new NpgsqlConnection(Fixture.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_xact_lock(hashtext('claimsledger.{ClaimListChanges.Log}'))", locker, transaction))
            await take.ExecuteNonQueryAsync();

        ReadAgainAllowed();
        var page = Api.Get("/api/claims?subject=KZ&page=2&pageSize=10");
        (await Task.WhenAny(page, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(page, "the page waited for the ids to be read again");
        (await page).Body.ShouldBe(await UnheldPage("KZ", [], 2, 10));
        var settled = Held.SettledAsync();
        settled.IsCompleted.ShouldBeFalse("the ids are read again behind the lock");

        await transaction.CommitAsync();
        await settled;
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await ServedFromHeldIds()).ShouldBeTrue();
    }

    [Fact]
    public async Task filtered_pages_come_from_the_held_ids_until_a_claims_filter_keys_change()
    {
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        // Each filter, and filters together, paged from the ids held for the unfiltered list: a third of KZ's claims are about US.
        (await ServedFromHeldIds("power=US")).ShouldBeTrue();
        (await PagesAgreeWithTheUnheldRead(pageSize: 41, filters: "power=US")).ShouldBe((Busy + 2) / 3);
        (await PagesAgreeWithTheUnheldRead(pageSize: 41, filters: "power=CN&dimension=economic")).ShouldBe(Busy - (Busy + 2) / 3);
        (await PagesAgreeWithTheUnheldRead(filters: "status=recorded&sourceId=steppe")).ShouldBe(Busy);
        (await PagesAgreeWithTheUnheldRead(filters: "power=US&dimension=economic")).ShouldBe(0);
        (await PagesAgreeWithTheUnheldRead(filters: "sourceId=elsewhere")).ShouldBe(0);
        (await ServedFromHeldIds("power=CN&status=recorded")).ShouldBeTrue();

        // A review changes a claim's status, not KZ's list: unfiltered pages still come from the ids, filtered ones do not
        // (a status filter would count the claim where it was) until the ids are read again.
        var reviewed = (await Api.Get("/api/claims?subject=KZ&power=US&page=4&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id;
        (await Api.Post($"/api/claims/{reviewed}/review", new { decision = "accepted", reason = "Checked against the treaty text." })).Code.ShouldBeLessThan(300);
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await ServedFromHeldIds("power=US")).ShouldBeFalse();
        (await Api.Get("/api/claims?subject=KZ&status=accepted")).As<Paged<ClaimDetails>>().Items.Select(c => c.Id).ShouldBe([reviewed]);
        (await Api.Get("/api/claims?subject=KZ&status=recorded&pageSize=1")).As<Paged<ClaimDetails>>().Total.ShouldBe(Busy - 1);
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead(filters: "status=recorded")).ShouldBe(Busy - 1);
        (await ServedFromHeldIds("status=accepted&power=US")).ShouldBeTrue();
        (await PagesAgreeWithTheUnheldRead(filters: "status=accepted&power=US")).ShouldBe(1);
        (await PagesAgreeWithTheUnheldRead(filters: "status=recorded&power=US", pageSize: 50)).ShouldBe((Busy + 2) / 3 - 1);

        // A claim joining the subject stops filtered and unfiltered pages alike.
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).Code.ShouldBe(201);
        (await ServedFromHeldIds("power=US")).ShouldBeFalse();
        (await ServedFromHeldIds()).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead(filters: "power=CN")).ShouldBe(Busy - (Busy + 2) / 3 + 1);
        (await ServedFromHeldIds("power=CN")).ShouldBeTrue();
    }

    [Fact]
    public async Task the_list_across_subjects_comes_from_held_ids_until_any_claim_changes()
    {
        const string all = SubjectClaimList.AllSubjects;
        (await Api.Post("/api/claims", Elsewhere("first"))).Code.ShouldBe(201);
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead()).ShouldBe(Busy);
        (await PagesAgreeWithTheUnheldRead(subject: null)).ShouldBe(Busy + 1);
        (await ServedFromHeldIds(subject: all)).ShouldBeTrue();
        (await ServedFromHeldIds("power=US", subject: all)).ShouldBeTrue();
        (await PagesAgreeWithTheUnheldRead(pageSize: 33, filters: "power=CN", subject: null)).ShouldBe(Busy - (Busy + 2) / 3 + 1);
        (await PagesAgreeWithTheUnheldRead(filters: "dimension=security&status=recorded", subject: null)).ShouldBe((Busy + 2) / 3);

        // A claim about another subject than any held: the list across subjects is stale, KZ's is not.
        var kyrgyz = (await Api.Post("/api/claims", Elsewhere("second"))).As<RecordClaimResult>().Id;
        (await ServedFromHeldIds(subject: all)).ShouldBeFalse();
        (await ServedFromHeldIds()).ShouldBeTrue();
        (await Api.Get("/api/claims?power=CN&pageSize=1")).As<Paged<ClaimDetails>>().Total.ShouldBe(Busy - (Busy + 2) / 3 + 2);
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead(pageSize: 50, subject: null)).ShouldBe(Busy + 2);
        (await Api.Get($"/api/claims?page={Busy + 2}&pageSize=1")).As<Paged<ClaimDetails>>().Items.Single().Id.ShouldBe(kyrgyz);

        // Its keys changing (a review of the Kyrgyz claim) stops it too.
        (await ServedFromHeldIds("status=recorded", subject: all)).ShouldBeTrue();
        (await Api.Post($"/api/claims/{kyrgyz}/review", new { decision = "rejected", reason = "The figures are Kazakh, not Kyrgyz." })).Code.ShouldBeLessThan(300);
        (await ServedFromHeldIds("status=recorded", subject: all)).ShouldBeFalse();
        ReadAgainAllowed();
        (await PagesAgreeWithTheUnheldRead(filters: "status=recorded", subject: null)).ShouldBe(Busy + 1);
        (await PagesAgreeWithTheUnheldRead(filters: "status=rejected", subject: null)).ShouldBe(1);
    }

    private static JsonObject Elsewhere(string reading)
    {
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), Web)!.AsObject();
        claim["subject"] = "KG";
        claim["statement"] = $"China became Kyrgyzstan's largest trading partner ({reading} reading).";
        return claim;
    }

    /// <summary>Whether the log was pruned past the oldest transaction running in a snapshot (pg_snapshot_xmin, as text).</summary>
    private Task<bool> PrunedPast(string xmin) =>
        Fixture.ScalarAsync<bool>($"select pruned_below > '{xmin}'::xid8 from claimsledger.{ClaimListChanges.Pruned} where id = 1");

    private Task<long> LogEntries() => Fixture.ScalarAsync<long>($"select count(*) from claimsledger.{ClaimListChanges.Log}");
}
