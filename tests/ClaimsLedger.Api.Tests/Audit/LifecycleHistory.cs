using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>
/// A history beyond the seeds through the API: three sources and thirty claims, then lifecycle changes of every kind
/// (corroborations, contestations, confidence revisions, reviews, regrades, retractions), with record time moving an
/// hour and a checkpoint requested after every fifty changes.
/// </summary>
internal static class LifecycleHistory
{
    private static readonly string[] Subjects = ["KZ", "KG", "UZ", "AM", "AZ"];
    private static readonly string[] Powers = ["CN", "RU", "TR", "US", "EU"];
    private static readonly string[] Grades = ["A", "C", "E", "B", "D", "F"];

    /// <summary>Returns how many of the changes were accepted (200; a few may change nothing).</summary>
    public static async Task<int> WriteAsync(LedgerApi api, FakeTimeProvider clock, int changes)
    {
        var sources = new List<(string Id, string Text)>();
        for (var s = 0; s < 3; s++)
        {
            var text = $"Dispatch {s}: {Samples.TradeText}";
            (await api.Post("/api/sources", Samples.Source(text, title: $"Dispatch {s}", carrier: $"Carrier {s}", id: $"dispatch-{s}"))).Code.ShouldBe(201);
            sources.Add(($"dispatch-{s}", text));
        }
        const string quote = "China became Kazakhstan's largest trading partner";
        var claims = new List<(string Id, int Source)>();
        for (var i = 0; i < 30; i++)
        {
            var reply = await api.Post("/api/claims", new
            {
                subject = Subjects[i % Subjects.Length], statement = $"Finding {i} on trade and influence.", validTime = $"{2016 + i % 8}",
                effects = new object[] { new { power = Powers[i % Powers.Length], dimension = "economic", direction = i % 4 == 0 ? "away" : "toward", strength = 1 + i % 3 } },
                evidence = Samples.Evidence(sources[i % 3].Id, sources[i % 3].Text, quote), confidence = 0.4 + i % 5 / 10.0,
            }, actor: $"analyst{i % 4}@example.org");
            reply.Code.ShouldBe(201, reply.Body);
            claims.Add((reply.As<RecordClaimResult>().Id, i % 3));
        }

        var applied = 0;
        for (var i = 0; i < changes; i++)
        {
            var (claim, source) = claims[i * 7 % claims.Count];
            var actor = $"reviewer{i % 5}@example.org";
            var reply = (i % 12) switch
            {
                0 or 6 => await api.Post($"/api/claims/{claim}/corroborations",
                    new { evidence = Samples.Evidence(sources[(source + 1 + i / 12 % 2) % 3].Id, sources[(source + 1 + i / 12 % 2) % 3].Text, quote) }, actor),
                1 or 7 => await api.Post($"/api/claims/{claim}/contestations", new { reason = $"Doubt {i}." }, $"contester{i}@example.org"),
                2 or 8 or 10 => await api.Post($"/api/claims/{claim}/confidence", new { confidence = 0.2 + i % 8 / 10.0, reason = $"Revision {i}." }, actor),
                3 or 9 => await api.Post($"/api/claims/{claim}/review", new { decision = i % 24 == 3 ? "rejected" : "accepted", reason = $"Review {i}." }, actor),
                4 or 11 => await api.Post($"/api/sources/{sources[i % 3].Id}/reliability", new { grade = Grades[i / 12 % Grades.Length], reason = $"Regrade {i}." }, actor),
                _ => i % 36 == 5 ? await api.Post($"/api/claims/{claim}/retraction", new { reason = $"Withdrawn {i}." }, actor)
                    : await api.Post($"/api/claims/{claim}/confidence", new { confidence = 0.95 - i % 5 / 10.0, reason = $"Second look {i}." }, actor),
            };
            // A retracted claim refuses further changes (409); everything else must be accepted.
            if (reply.Code != 409) reply.Code.ShouldBe(200, reply.Body);
            if (reply.Code == 200) applied++;
            if (i % 50 == 49)
            {
                clock.Advance(TimeSpan.FromHours(1));
                await api.RequestCheckpointAsync($"Block {i / 50}.");
            }
        }
        return applied;
    }
}
