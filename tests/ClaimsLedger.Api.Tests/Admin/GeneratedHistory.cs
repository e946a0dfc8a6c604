using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// History beyond the seeds, written through the API: a few hundred claims over several subjects, powers and
/// dimensions, with regrades, reviews and retractions among them, so every projection has work to redo.
/// </summary>
internal static class GeneratedHistory
{
    private static readonly string[] Subjects = ["KZ", "KG", "UZ", "AM", "AZ"];
    private static readonly string[] Powers = ["CN", "RU", "TR", "US", "EU"];
    private static readonly string[] Dimensions = ["economic", "security", "diplomatic", "energy", "infrastructure"];
    private static readonly string[] Grades = ["A", "B", "C", "D", "E", "F"];

    public static async Task WriteAsync(LedgerApi api, int claims)
    {
        var sources = new List<(string Id, string Text)>();
        for (var s = 0; s < 4; s++)
        {
            var text = $"Report {s}: {Samples.TradeText}";
            var id = $"generated-{s}";
            (await api.Post("/api/sources", Samples.Source(text, title: $"Generated report {s}", carrier: $"Carrier {s % 3}", id: id))).Code.ShouldBe(201);
            sources.Add((id, text));
        }
        var ids = new List<string>();
        for (var i = 0; i < claims; i++)
        {
            var (sourceId, text) = sources[i % sources.Count];
            var reply = await api.Post("/api/claims", new
            {
                subject = Subjects[i % Subjects.Length],
                statement = $"Generated finding number {i} about trade and influence.",
                effects = new object[]
                {
                    new { power = Powers[i % Powers.Length], dimension = Dimensions[i / 5 % Dimensions.Length], direction = i % 3 == 0 ? "away" : "toward", strength = 1 + i % 3 },
                },
                validTime = $"{2015 + i % 10}",
                evidence = Samples.Evidence(sourceId, text, "China became Kazakhstan's largest trading partner"),
                confidence = 0.5 + i % 5 / 10.0,
            });
            reply.Code.ShouldBe(201, reply.Body);
            var claimId = reply.As<RecordClaimResult>().Id;
            ids.Add(claimId);
            if (i % 25 == 0)
                (await api.Post($"/api/sources/{sourceId}/reliability", new { grade = Grades[i / 25 % Grades.Length], reason = $"Regrade {i}." })).Code.ShouldBe(200);
            if (i % 17 == 0) (await api.Post($"/api/claims/{claimId}/review", new { decision = "rejected", reason = "Overreach." })).Code.ShouldBe(200);
            if (i % 29 == 1) (await api.Post($"/api/claims/{claimId}/retraction", new { reason = "Withdrawn." })).Code.ShouldBe(200);
            // The rest of the lifecycle; a claim closed by an earlier step answers 409, which is part of the history too.
            if (i % 23 == 5)
                (await api.Post($"/api/claims/{claimId}/recoding", new { subject = Subjects[(i + 1) % Subjects.Length], validTime = "2016/2019", reason = "Recoded." }))
                    .Code.ShouldBeOneOf(200, 409);
            if (i % 31 == 6)
                (await api.Post($"/api/claims/{ids[i - 1]}/supersession", new { newerClaimId = claimId, reason = "Newer figure." })).Code.ShouldBeOneOf(200, 409);
            if (i % 37 == 7)
                (await api.Post($"/api/claims/{claimId}/merge", new { duplicateId = ids[i - 2], reason = "Same finding." })).Code.ShouldBeOneOf(200, 409);
        }
    }
}

internal static class GeneratedResolutions
{
    /// <summary>Resolves the first contradiction found, once the projection has found them, so rebuilds replay a resolution too.</summary>
    public static async Task ResolveFirstAsync(LedgerApi api)
    {
        var page = (await api.Get("/api/contradictions?pageSize=1")).As<ClaimsLedger.Api.Http.Paged<ClaimsLedger.Api.Contradictions.ContradictionView>>();
        var first = page.Items.ShouldHaveSingleItem();
        (await api.Post($"/api/contradictions/{first.Id}/resolution", new { winningClaimId = first.Claims[0].ClaimId, reason = "Better sourced." }))
            .Code.ShouldBe(200);
    }
}
