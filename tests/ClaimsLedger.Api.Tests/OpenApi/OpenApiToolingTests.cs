using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Playwright;

namespace ClaimsLedger.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document as integrators use it: linted by Spectral's recommended ruleset, turned into a TypeScript
/// client that type-checks and round-trips a claim against the running API, and driven through Swagger UI.
/// The npm tools are pinned in tools/openapi; .ci/run installs them.
/// </summary>
public sealed class OpenApiToolingTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task spectral_finds_no_errors_and_no_warnings_in_the_document()
    {
        using var tools = NodeTools.Prepare();
        var document = await SaveDocumentAsync(tools);

        var (code, output, errors) = await tools.RunAsync("spectral", null, "lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet");

        var findings = JsonNode.Parse(output.Length > 0 ? output : "[]")!.AsArray();
        var described = string.Join('\n', findings.Select(f => $"{f!["severity"]} {f["code"]} at {string.Join('.', f["path"]!.AsArray())}: {f["message"]}"));
        findings.ShouldBeEmpty($"Spectral (exit {code}) found:\n{described}\n{errors}");
        code.ShouldBe(0, errors);
    }

    [Fact]
    public async Task a_typescript_client_generated_from_the_document_compiles_and_round_trips_a_claim()
    {
        using var tools = NodeTools.Prepare();
        var document = await SaveDocumentAsync(tools);
        var generated = await tools.RunAsync("openapi-typescript", null, document, "--output", "gen/schema.d.ts");
        generated.Code.ShouldBe(0, generated.Errors);
        var compiled = await tools.RunAsync("tsc", null, "-p", "tsconfig.json");
        compiled.Code.ShouldBe(0, compiled.Output + compiled.Errors);

        await using var api = await RunningApi.StartAsync(await Fixture.NewDatabaseAsync($"ts_{Guid.NewGuid():N}"));
        var run = await tools.RunAsync("node", new Dictionary<string, string> { ["API_BASE"] = api.Address.ToString().TrimEnd('/'), ["API_ACTOR"] = "ts-client" },
            "build/src/roundtrip.js");
        run.Code.ShouldBe(0, $"{run.Output}\n{run.Errors}\n{api.Output}");

        var result = JsonNode.Parse(run.Output.Trim().Split('\n')[^1])!;
        using var http = new HttpClient { BaseAddress = api.Address };
        var claim = JsonNode.Parse(await http.GetStringAsync($"/api/claims/{result["id"]}"))!;
        claim["recordedBy"]!.GetValue<string>().ShouldBe("ts-client");
        claim["sources"]![0]!["sourceId"]!.GetValue<string>().ShouldBe(result["sourceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_type_error_against_the_document_fails_the_typescript_check()
    {
        using var tools = NodeTools.Prepare();
        var document = await SaveDocumentAsync(tools);
        (await tools.RunAsync("openapi-typescript", null, document, "--output", "gen/schema.d.ts")).Code.ShouldBe(0);
        // Strength is a number in the contract: a client that sends text must not compile.
        await File.WriteAllTextAsync(Path.Combine(tools.Directory, "src", "wrong.ts"), """
            import type { components } from "../gen/schema.js";
            export const effect: components["schemas"]["EffectInput"] = { power: "CN", dimension: "economic", direction: "toward", strength: "three" };
            """);

        var compiled = await tools.RunAsync("tsc", null, "-p", "tsconfig.json", "--noEmit");

        compiled.Code.ShouldNotBe(0);
        compiled.Output.ShouldContain("wrong.ts");
    }

    [Fact]
    public async Task swagger_ui_try_it_out_records_a_claim_from_the_documented_example()
    {
        File.Exists(Reports.ReportBrowserTests.Chromium).ShouldBeTrue($"{Reports.ReportBrowserTests.Chromium} is missing: apt-get install chromium (.ci/run does)");
        await using var api = await RunningApi.StartAsync(await Fixture.NewDatabaseAsync($"ui_{Guid.NewGuid():N}"),
            new Dictionary<string, string> { ["ClaimsLedger__ServeSwaggerUi"] = "true" });
        using var http = new HttpClient { BaseAddress = api.Address };
        // The claim example cites the source example: registering that one first is all a reader needs to do too.
        var document = JsonNode.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"))!;
        var sourceExample = document["paths"]!["/api/sources"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/sources") { Content = new StringContent(sourceExample, System.Text.Encoding.UTF8, "application/json") };
        register.Headers.Add("X-Actor", "setup");
        ((int)(await http.SendAsync(register)).StatusCode).ShouldBe(201);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Reports.ReportBrowserTests.Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.Address, "/swagger/index.html").ToString());
        var operation = page.Locator("#operations-Claims-RecordClaim");
        await operation.Locator(".opblock-summary").ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        await operation.Locator("tr[data-param-name='X-Actor'] input").FillAsync("swagger-ui-user");
        await operation.Locator("button.execute").ClickAsync();
        var status = operation.Locator(".live-responses-table .response .response-col_status").First;
        await status.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        (await status.InnerTextAsync()).Trim().ShouldBe("201", await operation.Locator(".live-responses-table").InnerTextAsync());
        var claims = JsonNode.Parse(await http.GetStringAsync("/api/claims?subject=KZ"))!["items"]!.AsArray();
        claims.ShouldHaveSingleItem()!["recordedBy"]!.GetValue<string>().ShouldBe("swagger-ui-user");
    }

    private async Task<string> SaveDocumentAsync(NodeTools tools)
    {
        var path = Path.Combine(tools.Directory, "openapi.json");
        await File.WriteAllTextAsync(path, (await Api.Get("/swagger/v1/swagger.json")).Body);
        return path;
    }
}
