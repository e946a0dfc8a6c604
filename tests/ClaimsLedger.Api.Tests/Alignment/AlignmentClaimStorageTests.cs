using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// An alignment claim stores its contributions as arrays of their values, without what the claim holds once (its id and valid
/// time) or what is derived (the key), and loads them whole: in the format it writes, and in the ones earlier builds wrote.
/// </summary>
public sealed class AlignmentClaimStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset Start = new(2023, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AlignmentClaim Claim(string id) => new()
    {
        Id = id, Subject = "KZ", ValidStart = Start, ValidEnd = End, Confidence = 0.8, Status = ClaimStatus.Recorded,
        Effects = [new Effect("CN", Dimension.Economic, Direction.Toward, 2), new Effect("RU", Dimension.Security, Direction.Away, 1)],
        Supports = [new AlignmentClaim.Support("steppe", "steppe")],
        Contributions =
        [
            new ClaimContribution(id, "CN", Dimension.Economic, 1.6m, Start, End, Since: 7)
            {
                Steps = [new PublicationStep(new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero), 1.6m)],
            },
            new ClaimContribution(id, "RU", Dimension.Security, -0.8m, Start, End, Since: 9),
        ],
    };

    [Fact]
    public async Task contributions_are_stored_without_the_claims_id_valid_time_or_key_and_load_whole()
    {
        var claim = Claim("clm-stored");
        await using (var session = Fixture.Store.LightweightSession())
        {
            AlignmentClaim.Rows.Queue(session, [claim]);
            await session.SaveChangesAsync();
        }

        var stored = await Fixture.ScalarAsync<string>(
            $"select (data -> 'contributions')::text from {DocumentTable.Of<AlignmentClaim>(Fixture.Store)} where id = 'clm-stored'");
        // Each as its values (power, dimension, value, since, and steps when it has them); its valid time is the claim's, a day.
        stored.ShouldBe("""[["CN", "Economic", 1.6, 7, [["2023-06-01Z", 1.6]]], ["RU", "Security", -0.8, 9]]""");

        // Effects and supports as arrays of their values; a claim nobody contested stores no contest lists.
        var document = await Fixture.ScalarAsync<string>($"select data::text from {DocumentTable.Of<AlignmentClaim>(Fixture.Store)} where id = 'clm-stored'");
        using (var json = JsonDocument.Parse(document!))
        {
            json.RootElement.GetProperty("effects").GetRawText().ShouldBe("""[["CN", "Economic", "Toward", 2], ["RU", "Security", "Away", 1]]""");
            json.RootElement.GetProperty("supports").GetRawText().ShouldBe("""[["steppe", "steppe"]]""");
            (json.RootElement.GetProperty("validStart").GetString(), json.RootElement.GetProperty("validEnd").GetString()).ShouldBe(("2023-05-01Z", "2024-01-01Z"));
            json.RootElement.TryGetProperty("contesters", out _).ShouldBeFalse();
            json.RootElement.TryGetProperty("contestSources", out _).ShouldBeFalse();
        }

        await using var query = Fixture.Store.QuerySession();
        var loaded = await query.LoadAsync<AlignmentClaim>("clm-stored");
        loaded.ShouldNotBeNull().Contributions.Select(Described).ShouldBe(claim.Contributions.Select(Described));
        loaded.Effects.ShouldBe(claim.Effects);
        loaded.Supports.ShouldBe(claim.Supports);
        loaded.Contesters.ShouldBeEmpty();
        loaded.ContestSources.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_contested_claim_stores_its_contest_lists_and_loads_them()
    {
        var claim = Claim("clm-contested");
        claim.Contesters.Add("astana daily");
        claim.ContestSources.Add(new AlignmentClaim.Support("astana-daily", "astana daily"));
        await using (var session = Fixture.Store.LightweightSession())
        {
            session.Store(claim);
            await session.SaveChangesAsync();
        }

        var document = await Fixture.ScalarAsync<string>($"select data::text from {DocumentTable.Of<AlignmentClaim>(Fixture.Store)} where id = 'clm-contested'");
        using (var json = JsonDocument.Parse(document!))
            json.RootElement.GetProperty("contestSources").GetRawText().ShouldBe("""[["astana-daily", "astana daily"]]""");
        await using var query = Fixture.Store.QuerySession();
        var loaded = (await query.LoadAsync<AlignmentClaim>("clm-contested")).ShouldNotBeNull();
        loaded.Contesters.ShouldBe(["astana daily"]);
        loaded.ContestSources.ShouldBe([new AlignmentClaim.Support("astana-daily", "astana daily")]);
    }

    [Fact]
    public async Task a_claim_stored_by_an_earlier_build_with_each_contributions_claim_and_valid_time_loads_the_same()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(AlignmentClaim));
        // The contributions as earlier builds wrote them: every member of ClaimContribution, the derived key too.
        await Fixture.ExecuteSqlAsync($$"""
            insert into {{DocumentTable.Of<AlignmentClaim>(Fixture.Store)}} (id, data) values ('clm-earlier', '{"id": "clm-earlier",
              "status": "Recorded", "subject": "KZ", "validStart": "2023-05-01T00:00:00+00:00", "validEnd": "2024-01-01T00:00:00+00:00",
              "confidence": 0.8, "effects": [{"power": "RU", "strength": 1, "dimension": "Security", "direction": "Away"}],
              "supports": [{"sourceId": "steppe", "independenceKey": "steppe"}], "contesters": [], "contestSources": [],
              "contributions": [{"key": "clm-earlier|RU|Security", "power": "RU", "since": 9, "steps": null, "claimId": "clm-earlier",
                "validEnd": "2024-01-01T00:00:00+00:00", "dimension": "Security", "validStart": "2023-05-01T00:00:00+00:00",
                "contribution": -0.8}]}')
            """);

        await using var query = Fixture.Store.QuerySession();
        var loaded = await query.LoadAsync<AlignmentClaim>("clm-earlier");
        loaded.ShouldNotBeNull().Contributions.Select(Described)
            .ShouldBe([Described(new ClaimContribution("clm-earlier", "RU", Dimension.Security, -0.8m, Start, End, Since: 9))]);
        loaded.Effects.ShouldBe([new Effect("RU", Dimension.Security, Direction.Away, 1)]);
        loaded.Supports.ShouldBe([new AlignmentClaim.Support("steppe", "steppe")]);
    }

    /// <summary>Every member of a contribution, its steps' values too (a record compares its list of steps by reference).</summary>
    private static string Described(ClaimContribution c) =>
        $"{c.Key} {c.ClaimId} {c.Power} {c.Dimension} {c.Contribution} {c.ValidStart:O} {c.ValidEnd:O} {c.Since} "
        + string.Join(";", (c.Steps ?? []).Select(s => $"{s.PublishedBy:O}={s.Contribution}"));
}
