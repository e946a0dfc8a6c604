using System.Text.Json.Nodes;
using ClaimsLedger.Api.Access;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Declares the headers the API reads, where it reads them, so generated clients can send them and Swagger UI's
/// "Try it out" offers them: the actor (local mode) and Idempotency-Key on every write, If-Match on commands against
/// an existing stream, If-None-Match on the reads that answer 304, X-Correlation-Id everywhere, and the read-your-writes
/// position on every read.
/// </summary>
public sealed class RequestHeaders : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (LedgerOperation.Of(context) is not { } op) return;
        operation.Parameters ??= [];
        if (op.IsCommand)
        {
            Add(operation, LedgerAuthentication.ActorHeader, "ada",
                "Local mode only (no API keys configured): the caller's name, recorded as the actor of every event the write appends. " +
                "Letters, digits and . _ - @ : only, at most 100 characters. Ignored once API keys are configured: the key names the actor.");
            Add(operation, "Idempotency-Key", "8f14e45f-ea2e-4c4f-9bb6-3a1d0f0c1a2b",
                "Makes a retry safe: the same key with the same request is answered with the first response (status, body, Location) " +
                "without writing again; the same key with a different request is refused with 422. Keys are the caller's own and kept 24 hours.");
        }
        if (op.TakesExpectedVersion)
            Add(operation, "If-Match", "\"3\"",
                "The ETag (stream version) the client last saw; the write is refused with 409 if the stream has moved on since. " +
                "Same as the body's expectedVersion; when both are given they must agree. * matches any current version; a weak ETag (W/) never matches and is a 400, " +
                "as is anything but one ETag exactly as served (\"03\", 3, a list).");
        Add(operation, Http.Correlation.Header, "import-2024-07-01-batch-17",
            "The client's id for this request (printable ASCII, at most 128 characters), echoed in the response and stored on every event " +
            "the request appends. Without one, the trace id is used.");
        if (op.IsRead && operation.Responses?.ContainsKey("304") == true)
            Add(operation, "If-None-Match", "\"3\"",
                "The ETag of the copy the client holds: answered 304 Not Modified, without a body, while the resource is still as it was then. " +
                "Compared weakly (W/\"3\" matches too); * matches any version.");
        if (op.IsRead)
        {
            Add(operation, Http.LedgerPosition.MinHeader, "4211",
                "Read your own writes: wait (bounded) until what this read reflects has reached this ledger position, as a write's " +
                "X-Ledger-Position gave it; 503 with Retry-After if it has not in time, 400 if no write has reached it. Same as the minPosition query parameter.");
            Add(operation, Http.LedgerPosition.MinQuery, "4211", "Same as the X-Ledger-Min-Position header.", ParameterLocation.Query);
        }
    }

    private static void Add(OpenApiOperation operation, string name, string example, string description, ParameterLocation where = ParameterLocation.Header)
    {
        if (operation.Parameters!.Any(p => p.Name == name && p.In == where)) return;
        var numeric = name is Http.LedgerPosition.MinHeader or Http.LedgerPosition.MinQuery;
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = where,
            Required = false,
            Description = description,
            Schema = numeric
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" }
                : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 },
            Example = numeric ? JsonValue.Create(long.Parse(example, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(example),
        });
    }
}
