using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>The third clock: what the public record said by a date, over the seed corpus.</summary>
public sealed class PublishedByTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
    }

    [Fact]
    public async Task published_by_2023_the_alignment_holds_exactly_the_claims_of_the_seeds_published_by_then()
    {
        var now = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        var reply = await Api.Get("/api/alignments/KZ?publishedBy=2023-01-01&top=200");

        reply.Code.ShouldBe(200, reply.Body);
        var then = reply.As<AlignmentView>();
        then.PublishedBy.ShouldBe("2023-01-01");
        then.ClaimCount.ShouldBeGreaterThan(0);
        then.ClaimCount.ShouldBeLessThan(now.ClaimCount);
        var expected = ClaimsPublishedBy(new DateTimeOffset(2023, 1, 2, 0, 0, 0, TimeSpan.Zero), "KZ");
        expected.Count.ShouldBeGreaterThan(0);
        then.Contributions.Select(c => c.ClaimId).ToHashSet().ShouldBe(expected, ignoreOrder: true);
        then.ClaimCount.ShouldBe(expected.Count);
        await then.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task a_cut_off_after_every_source_is_the_alignment_itself_now_and_as_of()
    {
        var asOf = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        foreach (var clocks in new[] { "", $"&asOf={asOf}", "&validFrom=2022&validTo=2023" })
        {
            var plain = (await Api.Get($"/api/alignments/CENTRAL_ASIA?top=200{clocks}")).As<AlignmentView>();
            var cut = (await Api.Get($"/api/alignments/CENTRAL_ASIA?top=200&publishedBy=2030{clocks}")).As<AlignmentView>();

            Cells(cut).ShouldBe(Cells(plain), clocks);
            cut.Contributions.ShouldBe(plain.Contributions, ignoreOrder: true, clocks);
            cut.ClaimCount.ShouldBe(plain.ClaimCount, clocks);
        }
    }

    [Fact]
    public async Task the_cut_off_combines_with_as_of_and_valid_time_and_pages_its_contributions()
    {
        var before = Uri.EscapeDataString(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
        (await Api.Get($"/api/alignments/KZ?publishedBy=2024-07-01&asOf={before}")).As<AlignmentView>().ClaimCount.ShouldBe(0);

        var mid2024 = (await Api.Get("/api/alignments/KZ?publishedBy=2024-07-01")).As<AlignmentView>();
        var in2022 = (await Api.Get("/api/alignments/KZ?publishedBy=2024-07-01&validFrom=2022&validTo=2022")).As<AlignmentView>();
        mid2024.ClaimCount.ShouldBe(ClaimsPublishedBy(new DateTimeOffset(2024, 7, 2, 0, 0, 0, TimeSpan.Zero), "KZ").Count);
        in2022.ClaimCount.ShouldBeGreaterThan(0);
        in2022.ClaimCount.ShouldBeLessThan(mid2024.ClaimCount);
        await mid2024.EachScoreShouldBeTheSumOfItsContributions(Api);
        await in2022.EachScoreShouldBeTheSumOfItsContributions(Api);
        var page = (await Api.Get("/api/alignments/KZ/contributions?publishedBy=2024-07-01&page=2&pageSize=3")).As<Paged<ContributionView>>();
        page.Total.ShouldBe(mid2024.ContributionCount);
        page.Items.ShouldBe(mid2024.Contributions.Skip(3).Take(3));
    }

    [Fact]
    public async Task the_history_by_a_cut_off_lists_only_changes_that_moved_those_scores_and_ends_at_them()
    {
        var history = (await Api.Get("/api/alignments/KZ/history?publishedBy=2023-01-01&pageSize=200")).As<Paged<HistoryEntry>>();
        var plain = (await Api.Get("/api/alignments/KZ/history?pageSize=200")).As<Paged<HistoryEntry>>();
        var then = (await Api.Get("/api/alignments/KZ?publishedBy=2023-01-01")).As<AlignmentView>();

        history.Total.ShouldBeGreaterThan(0);
        history.Total.ShouldBeLessThan(plain.Total);
        foreach (var (power, cells) in then.Scores)
            history.Items.SelectMany(h => h.Changes).Last(c => c.Power == power && c.Dimension == "overall").After.ShouldBe(cells["overall"], power);

        // A page is the same slice of the replay, with the same total, however far in it lies.
        history.Total.ShouldBeGreaterThan(6);
        var second = (await Api.Get("/api/alignments/KZ/history?publishedBy=2023-01-01&page=2&pageSize=3")).As<Paged<HistoryEntry>>();
        second.Total.ShouldBe(history.Total);
        second.Items.Select(e => e.Sequence).ShouldBe(history.Items.Skip(3).Take(3).Select(e => e.Sequence));
        second.Items.Select(e => e.Changes.Count).ShouldBe(history.Items.Skip(3).Take(3).Select(e => e.Changes.Count));
        var last = (int)((history.Total + 2) / 3);
        var end = (await Api.Get($"/api/alignments/KZ/history?publishedBy=2023-01-01&page={last}&pageSize=3")).As<Paged<HistoryEntry>>();
        end.Items.Select(e => e.Sequence).ShouldBe(history.Items.Skip((last - 1) * 3).Select(e => e.Sequence));
        var past = (await Api.Get($"/api/alignments/KZ/history?publishedBy=2023-01-01&page={last + 1}&pageSize=3")).As<Paged<HistoryEntry>>();
        (past.Items.Count, past.Total).ShouldBe((0, history.Total));
    }

    [Fact]
    public async Task a_bad_cut_off_is_a_400_naming_it()
    {
        (await Api.Get("/api/alignments/KZ?publishedBy=mid-2024")).ShouldBeProblem(400, "publishedBy");
        (await Api.Get("/api/alignments/KZ/history?publishedBy=2024-13")).ShouldBeProblem(400, "publishedBy");
        (await Api.Get("/api/reports/alignment?subjects=KZ&publishedBy=soon")).ShouldBeProblem(400, "publishedBy");
    }

    [Fact]
    public async Task the_report_by_a_cut_off_is_not_empty_cites_only_sources_published_by_then_and_says_so()
    {
        var reply = await Api.Get("/api/reports/alignment?subjects=KZ,KG&publishedBy=2024-07-01&format=json");

        reply.Code.ShouldBe(200, reply.Body);
        var report = reply.As<global::ClaimsLedger.Api.Reports.AlignmentReport>();
        report.PublishedBy.ShouldBe("2024-07-01");
        var kz = report.Subjects.Single(s => s.Subject == "KZ");
        kz.Claims.ShouldNotBeEmpty();
        kz.Sources.Select(s => s.SourceId).ShouldBe(
            ["abc-news-2022-09-weakened-russian-influence-central-asia", "asia-times-2023-05-china-reassures-russia-central-asia",
             "insider-2023-05-china-eroding-russia-influence"], ignoreOrder: true);
        var markdown = await Api.Get("/api/reports/alignment?subjects=KZ&publishedBy=2024-07-01&format=markdown");
        markdown.Body.ShouldContain("- Evidence published by: 2024-07-01");
    }

    private static List<string> Cells(AlignmentView view) =>
        view.Scores.SelectMany(p => p.Value.Select(d => $"{p.Key}.{d.Key}={d.Value.ToString("0.0000", CultureInfo.InvariantCulture)}")).ToList();

    /// <summary>The seed claims about a subject with a source whose publication period ended by the cut-off, by their ids.</summary>
    private static HashSet<string> ClaimsPublishedBy(DateTimeOffset cutOff, string subject)
    {
        var corpus = SeedCorpus.Read(SeedCorpus.Locate(null)!);
        var ids = new HashSet<string>();
        foreach (var source in corpus.Sources)
        {
            PartialDate.TryParse(source.Entry.Published, out var published).ShouldBeTrue();
            if (published.End > cutOff) continue;
            foreach (var claim in source.Claims.Where(c => c.Subject == subject))
            {
                var errors = new FieldErrors();
                ids.Add(claim.ToRequest(source.Entry.Id).ToCommand(errors).ClaimId);
                errors.Any.ShouldBeFalse();
            }
        }
        return ids;
    }
}
