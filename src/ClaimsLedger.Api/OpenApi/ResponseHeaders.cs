using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Declares the headers the API answers with: the ledger position a read reflects or a write reached, the stream
/// version as ETag, where a created resource lives, when to retry, and the correlation id a write was stored under.
/// </summary>
public sealed class ResponseHeaders : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (LedgerOperation.Of(context) is not { } op || operation.Responses is null) return;
        foreach (var (code, item) in operation.Responses)
        {
            if (item is not OpenApiResponse response || !int.TryParse(code, out var status)) continue;
            var success = status is >= 200 and < 300;
            if (success && (op.IsRead || op.IsCommand))
                Add(response, Http.LedgerPosition.Header, JsonSchemaType.Integer,
                    op.IsRead ? "The ledger position this read reflects (pass it as minPosition to a later read to see at least this much)."
                              : "The ledger position this write reached: a later read given it as minPosition sees the write.");
            if ((success || status == 304) && (op.ServesETag || op.TakesExpectedVersion))
                Add(response, "ETag", JsonSchemaType.String, "The stream's version, quoted (\"3\"; a PROV-O document's adds -ld- and a digest of it): send it as If-Match to write only if nothing has changed since.");
            if (status is 201 or 202)
                Add(response, "Location", JsonSchemaType.String, status == 201 ? "Where the created resource is read." : "Where the accepted work's progress is read.");
            if (status is 429 or 503)
                Add(response, "Retry-After", JsonSchemaType.Integer, "Seconds to wait before retrying.");
            if (op.IsCommand)
                Add(response, Http.Correlation.Header, JsonSchemaType.String, "The correlation id the request's events were stored under (the client's, or the trace id).");
        }
    }

    private static void Add(OpenApiResponse response, string name, JsonSchemaType type, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }
}
