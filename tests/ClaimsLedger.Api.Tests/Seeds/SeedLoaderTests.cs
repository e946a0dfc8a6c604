using System.Security.Cryptography;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaimsLedger.Api.Tests.Seeds;

public sealed class SeedLoaderTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string[] RequiredSubjects = ["KZ", "KG", "TJ", "UZ", "TM", "AM", "AZ", "BY", "IN", "PK", "CENTRAL_ASIA"];

    private SeedLoader Loader() => new(Fixture.Services, new LedgerOptions { LoadSeeds = true }, NullLogger<SeedLoader>.Instance);

    [Fact]
    public async Task the_first_start_loads_every_seed_through_the_commands_and_the_second_loads_nothing()
    {
        await Loader().StartAsync(CancellationToken.None);
        var sources = await Count<Api.Sources.SourceDetails>();
        var claims = await Count<ClaimDetails>();
        var events = await EventCount();

        await Loader().StartAsync(CancellationToken.None);

        sources.ShouldBe(5);
        claims.ShouldBeGreaterThanOrEqualTo(40);
        (await EventCount()).ShouldBe(events);
        (await Count<ClaimDetails>()).ShouldBe(claims);
    }

    [Fact]
    public async Task the_seeds_cover_the_region_and_claims_carried_by_two_articles_have_two_sources()
    {
        await Fixture.SeedAsync();

        await using var session = Fixture.Store.QuerySession();
        var claims = await session.Query<ClaimDetails>().ToListAsync();
        foreach (var subject in RequiredSubjects) claims.ShouldContain(c => c.Subject == subject, $"no seed claim about {subject}");
        claims.ShouldContain(c => c.Sources.Select(s => s.SourceId).Distinct().Count() >= 2);
        claims.ShouldAllBe(c => c.Origin == "curated:seeds" && c.RecordedBy == SeedLoader.Actor);
    }

    [Fact]
    public async Task after_loading_kazakhstans_economic_score_leans_to_china_over_russia()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();

        var kz = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();

        var china = kz.Scores["CN"]["economic"];
        var russia = kz.Scores.GetValueOrDefault("RU")?.GetValueOrDefault("economic") ?? 0m;
        china.ShouldBeGreaterThan(russia);
        await kz.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public void the_seed_articles_are_byte_identical_to_the_shared_corpus()
    {
        var seeds = SeedCorpus.Locate(null)!;
        var shared = FindShared();
        var articles = Directory.GetFiles(seeds, "*.txt").Select(Path.GetFileName).Order().ToList();
        articles.Count.ShouldBe(5);
        if (shared is null) return; // outside this workspace there is no shared/ folder to compare with
        foreach (var name in articles)
            Hash(Path.Combine(seeds, name!)).ShouldBe(Hash(Path.Combine(shared, name!)), name);
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<int> Count<T>() where T : notnull
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Query<T>().CountAsync();
    }

    private async Task<long> EventCount()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}
