using Marten;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// A KZ ledger that a valid-time window or a publication cut-off sees differently at every turn, for comparing the reads that
/// sum the subject's spans against a replay of its changes: three outlets' sources published years apart, 200 claims with two
/// effects of one power (some pulling equally both ways) and varied valid times, corroborations from another outlet
/// (contributions that step up at its publication), retractions, recoded valid times and revised confidences, and last two
/// changes that move China's contributions and not its score.
/// </summary>
public sealed class SteppedLedger(LedgerFixture fixture, LedgerApi api)
{
    /// <summary>
    /// Windows and cut-offs to read it by; 2015 and 2019-06 end as the early and middle sources' publication periods do, so
    /// those sources count by them.
    /// </summary>
    public static readonly string[] Cuts =
    [
        "validFrom=2020&validTo=2022", "validFrom=2021-03", "validTo=2018", "publishedBy=2019-12", "publishedBy=2019-06",
        "publishedBy=2015", "publishedBy=2016&validFrom=2019", "publishedBy=2030",
    ];

    /// <summary>Writes the ledger and returns three instants: after the claims, after the corroborations, after the rest.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> WriteAsync()
    {
        foreach (var (id, published) in new[] { ("early", "2015"), ("middle", "2019-06"), ("late", "2024-07") })
        {
            var registered = await api.Post("/api/sources", Samples.Source(TextOf(id), carrier: $"The {id} review", id: id, published: published));
            registered.Code.ShouldBeOneOf([200, 201], registered.Body);
            registered.Body.ShouldContain($"\"published\":\"{published}\"");
        }
        var ids = (await RecordAsync(Enumerable.Range(0, 200), i => i % 4 == 0 ? "late" : "early")).ToList();
        var instants = new List<DateTimeOffset> { Next() };
        // The same claims again from another outlet: corroborations, which move a claim's value from its publication on.
        await RecordAsync(Enumerable.Range(0, 200).Where(i => i % 3 == 1), _ => "middle");
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 7 == 2)) await api.Post($"/api/claims/{id}/retraction", new { reason = "Misread." });
        // A recoded valid time leaves one year and enters another: within a window both, each where it belongs.
        foreach (var id in ids.Where((_, i) => i % 8 == 3))
            await api.Post($"/api/claims/{id}/recoding", new { validTime = "2021", reason = "Dated on a second reading." });
        foreach (var id in ids.Where((_, i) => i % 9 == 5))
            await api.Post($"/api/claims/{id}/confidence", new { confidence = 0.3, reason = "Weaker on a second reading." });
        // Last, China's two dimensions pulled equally both ways (valid in 2020), then that claim recoded into 2021: two changes
        // that move China's contributions and not its score.
        var balanced = (await RecordAsync([1004], _ => "early")).Single();
        (await api.Post($"/api/claims/{balanced}/recoding", new { validTime = "2021", reason = "Dated on a second reading." })).Code.ShouldBe(200);
        instants.Add(Next());
        await fixture.WaitForProjectionsAsync();
        return instants;
    }

    /// <summary>A cut from <see cref="Cuts"/> as the query the API reads it as.</summary>
    public static AlignmentQuery Query(string cut)
    {
        var errors = new FieldErrors();
        var parameters = cut.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var query = AlignmentQuery.Read("KZ", null, parameters.GetValueOrDefault("validFrom"), parameters.GetValueOrDefault("validTo"), errors,
            parameters.GetValueOrDefault("publishedBy"));
        errors.Any.ShouldBeFalse();
        return query;
    }

    /// <summary>Every change of KZ recorded by an instant, read whole, in ledger order: what the replays in the tests go through.</summary>
    public async Task<IReadOnlyList<AlignmentChange>> ChangesAsync(DateTimeOffset asOf)
    {
        await using var session = fixture.Store.QuerySession();
        return await session.Query<AlignmentChange>().Where(c => c.Subject == "KZ" && c.Timestamp <= asOf).OrderBy(c => c.Sequence).ToListAsync();
    }

    /// <summary>
    /// Claims about KZ through the batch endpoint, each its own change, quoting the given source: two effects of one power,
    /// sometimes pulling equally both ways (a change that moves the power's dimensions and not its score), and varied valid times.
    /// </summary>
    private async Task<IEnumerable<string>> RecordAsync(IEnumerable<int> numbers, Func<int, string> source)
    {
        string?[] validTimes = [null, "2015", "2019/2021", "2020", "2021-03", "2022-06/2023", "1990/2024"];
        var claims = numbers.Select(i => new
        {
            subject = "KZ", statement = $"Finding {i} on Kazakh trade.", validTime = validTimes[i % validTimes.Length], confidence = i % 2 == 0 ? 0.5 : 0.8,
            effects = new[]
            {
                new { power = i % 3 == 0 ? "RU" : "CN", dimension = "economic", direction = "toward", strength = 1 + i % 3 },
                new { power = i % 3 == 0 ? "RU" : "CN", dimension = "security", direction = i % 5 == 0 ? "toward" : "away", strength = i % 4 == 0 ? 1 + i % 3 : 1 },
            },
            evidence = Samples.Evidence(source(i), TextOf(source(i)), "China became Kazakhstan's largest trading partner"),
        }).ToArray();
        var reply = await api.Post("/api/claims/batch", new { claims });
        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results.ShouldAllBe(r => r.Outcome == "created" || r.Outcome == "corroborated", reply.Body);
        return results.Select(r => r.Id!).ToList();
    }

    /// <summary>A source's own text (the same text twice is the same source), with the quote the claims cite.</summary>
    private static string TextOf(string sourceId) => $"{Samples.TradeText} Filed as {sourceId}.";

    private DateTimeOffset Next()
    {
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        return fixture.Clock.GetUtcNow();
    }
}
