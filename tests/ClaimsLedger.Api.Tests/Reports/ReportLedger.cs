using System.Globalization;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>A small ledger for report tests: two subjects, two sources, one claim per kind of change, and the instants between them.</summary>
public sealed class ReportLedger(LedgerFixture fixture, LedgerApi api)
{
    public const string SecurityText = "Astana extended the lease of the Baikonur cosmodrome to Moscow in 2021 and hosted Russian troops.";

    /// <summary>A title a renderer must escape in every format: markup, an ampersand, quotes, a pipe and a comma.</summary>
    public const string AwkwardTitle = "Defence <Bulletin> & \"Review\" | 2024, annual";

    public DateTimeOffset AfterWrites { get; private set; }
    public string TradeClaim { get; private set; } = "";
    public string SecurityClaim { get; private set; } = "";

    public async Task WriteAsync()
    {
        await api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        await api.Post("/api/sources", Samples.Source(SecurityText, id: "bulletin", title: AwkwardTitle, carrier: "Defence Bulletin", reliability: "A"));
        Next();
        TradeClaim = (await api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5), actor: "ana")).As<RecordClaimResult>().Id;
        Next();
        SecurityClaim = (await api.Post("/api/claims", new
        {
            subject = "KZ", statement = "Kazakhstan hosted Russian troops.", validTime = "2021", confidence = 1.0,
            effects = new[] { new { power = "RU", dimension = "security", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("bulletin", SecurityText, "hosted Russian troops"),
        }, actor: "ben")).As<RecordClaimResult>().Id;
        Next();
        await api.Post("/api/claims", new
        {
            subject = "KG", statement = "Kyrgyz trade with China grew.", validTime = "2022/2023",
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("steppe", Samples.TradeText, "Trade between Astana and Beijing rose sharply"),
        });
        Next();
        await api.Post($"/api/claims/{TradeClaim}/confidence", new { confidence = 0.75, reason = "Customs data confirmed." }, actor: "cy");
        AfterWrites = Next();
        await fixture.WaitForProjectionsAsync();
    }

    /// <summary>Later events of every kind that could move a report if it read "now" anywhere: a claim, a retraction, a regrade.</summary>
    public async Task WriteLaterEventsAsync()
    {
        Next();
        await api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "later", carrier: "Later Wire"));
        await api.Post("/api/claims", new
        {
            subject = "KZ", statement = "Kazakhstan froze a Russian-led bloc.", validTime = "2024",
            effects = new[] { new { power = "RU", dimension = "security", direction = "away", strength = 3 } },
            evidence = Samples.Evidence("later", Samples.ArmeniaText, "froze its participation"),
        });
        await api.Post($"/api/claims/{SecurityClaim}/retraction", new { reason = "A one-off exercise." });
        await api.Post("/api/sources/steppe/reliability", new { grade = "E", reason = "Figures unverified." });
        Next();
        await fixture.WaitForProjectionsAsync();
    }

    public DateTimeOffset Next()
    {
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        return fixture.Clock.GetUtcNow();
    }

    public static string At(DateTimeOffset t) =>
        Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
