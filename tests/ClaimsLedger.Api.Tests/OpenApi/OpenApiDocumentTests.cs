using System.Text.Json.Nodes;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.OpenApi;

public sealed class OpenApiDocumentTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_document_has_a_title_and_every_contract_path()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;

        doc["info"]!["title"]!.GetValue<string>().ShouldBe("ClaimsLedger API");
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldBe(new[]
        {
            "/api/sources", "/api/sources/{id}", "/api/sources/{id}/claims", "/api/sources/{id}/reliability", "/api/sources/{id}/retraction",
            "/api/claims", "/api/claims/batch", "/api/claims/{id}", "/api/claims/{id}/events", "/api/claims/{id}/prov", "/api/claims/{id}/corroborations", "/api/claims/{id}/contestations",
            "/api/claims/{id}/confidence", "/api/claims/{id}/review", "/api/claims/{id}/retraction",
            "/api/claims/{id}/recoding", "/api/claims/{id}/supersession", "/api/claims/{id}/merge",
            "/api/alignments", "/api/alignments/{subject}", "/api/alignments/{subject}/contributions", "/api/alignments/{subject}/history", "/api/alignments/{subject}/diff",
            "/api/reports/alignment", "/api/extraction/preview",
            "/api/contradictions", "/api/contradictions/{id}", "/api/contradictions/{id}/resolution",
            "/api/admin/projections/rebuild", "/api/admin/projections/rebuilds/{id}",
            "/api/audit/verify", "/api/audit/checkpoints", "/api/audit/events/{sequence}/proof", "/api/export",
            "/api/changes", "/api/alignments/changes", "/api/subscriptions", "/api/subscriptions/{id}", "/api/subscriptions/{id}/deliveries",
            "/api/subscriptions/{id}/deliveries/{deliveryId}/redrive",
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task no_operation_is_described_by_the_name_of_its_generated_handler()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;

        var descriptions = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).Select(o => o.Value!["description"]?.GetValue<string>() ?? "").ToList();

        descriptions.ShouldNotBeEmpty();
        descriptions.ShouldAllBe(d => !System.Text.RegularExpressions.Regex.IsMatch(d, "(GET|POST|DELETE)_api"));
    }

    [Fact]
    public async Task writes_declare_their_problem_responses_and_typed_successes()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;

        var record = doc["paths"]!["/api/claims"]!["post"]!;
        Statuses(record).ShouldBe(["200", "201", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"], ignoreOrder: true);
        record["responses"]!["422"]!["content"]!["application/problem+json"].ShouldNotBeNull();
        record["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldEndWith("RecordClaimResult");
        Statuses(doc["paths"]!["/api/claims/{id}/review"]!["post"]!).ShouldContain("409");
        Statuses(doc["paths"]!["/api/sources"]!["post"]!).ShouldContain("409");
    }

    [Fact]
    public async Task required_fields_are_marked_required()
    {
        var schemas = (await Api.Get("/swagger/v1/swagger.json")).Json["components"]!["schemas"]!;

        Required(schemas["RecordClaim"]!).ShouldBe(["subject", "statement", "effects", "evidence"], ignoreOrder: true);
        Required(schemas["RegisterSource"]!).ShouldBe(["title", "carrier", "published", "text"], ignoreOrder: true);
        Required(schemas["EffectInput"]!).ShouldBe(["power", "dimension", "direction", "strength"], ignoreOrder: true);
    }

    [Fact]
    public async Task reads_declare_only_the_problems_they_can_return()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;

        Statuses(doc["paths"]!["/api/alignments"]!["get"]!).ShouldBe(["200", "400", "401", "429", "503"], ignoreOrder: true);
        Statuses(doc["paths"]!["/api/claims"]!["get"]!).ShouldNotContain("404");
        Statuses(doc["paths"]!["/api/claims/{id}"]!["get"]!).ShouldContain("404");
        Statuses(doc["paths"]!["/api/claims/{id}"]!["get"]!).ShouldNotContain("409");
        Statuses(doc["paths"]!["/api/admin/projections/rebuild"]!["post"]!).ShouldNotContain("200");
    }

    [Fact]
    public async Task the_headers_the_api_reads_and_writes_are_declared_where_they_apply()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;
        var record = doc["paths"]!["/api/claims"]!["post"]!;
        var review = doc["paths"]!["/api/claims/{id}/review"]!["post"]!;
        var read = doc["paths"]!["/api/claims/{id}"]!["get"]!;

        Headers(record).ShouldBe(["X-Actor", "Idempotency-Key", "X-Correlation-Id"], ignoreOrder: true);
        Headers(review).ShouldContain("If-Match");
        Headers(read).ShouldBe(["X-Correlation-Id", "If-None-Match", "X-Ledger-Min-Position"], ignoreOrder: true);
        // PROV-O's ETag digests the document, which shows other streams too, so it validates it: 304 and If-None-Match.
        Headers(doc["paths"]!["/api/claims/{id}/prov"]!["get"]!).ShouldContain("If-None-Match");
        read["parameters"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "minPosition" && p["in"]!.GetValue<string>() == "query");
        record["responses"]!["201"]!["headers"]!.AsObject().Select(h => h.Key).ShouldBe(["X-Ledger-Position", "Location", "X-Correlation-Id"], ignoreOrder: true);
        review["responses"]!["200"]!["headers"]!["ETag"].ShouldNotBeNull();
        read["responses"]!["200"]!["headers"]!.AsObject().Select(h => h.Key).ShouldBe(["X-Ledger-Position", "ETag"], ignoreOrder: true);
        read["responses"]!["503"]!["headers"]!["Retry-After"].ShouldNotBeNull();
        read["responses"]!["304"]!["headers"]!["ETag"].ShouldNotBeNull();
    }

    [Fact]
    public async Task enums_are_the_strings_the_api_sends()
    {
        var schemas = (await Api.Get("/swagger/v1/swagger.json")).Json["components"]!["schemas"]!;

        schemas["ClaimStatus"]!["type"]!.GetValue<string>().ShouldBe("string");
        schemas["ClaimStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("recorded");
        schemas["Dimension"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("economic");
    }

    private static string[] Headers(JsonNode operation) =>
        operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>()).ToArray();

    private static string[] Statuses(JsonNode operation) => operation["responses"]!.AsObject().Select(r => r.Key).ToArray();

    private static string[] Required(JsonNode schema) => schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];
}
