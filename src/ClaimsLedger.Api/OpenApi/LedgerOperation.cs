using ClaimsLedger.Api.Access;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// What the OpenAPI filters need to know about one operation, read from the Wolverine chain behind it, so that every
/// header, status and security requirement follows from what the endpoint is (a read, a command, an admin action)
/// rather than from a list kept by hand beside the endpoints.
/// </summary>
public sealed record LedgerOperation(HttpChain Chain)
{
    public static LedgerOperation? Of(OperationFilterContext context) =>
        context.ApiDescription.ActionDescriptor is WolverineActionDescriptor { Chain: { } chain } ? new LedgerOperation(chain) : null;

    /// <summary>It sends a command: a write through the one write path (Http/CommandEndpoint).</summary>
    public bool IsCommand => AccessPolicy.SendsCommands(Chain);

    public bool IsRead => HttpMethods.IsGet(Chain.HttpMethods.FirstOrDefault() ?? "");

    public string Role => AccessPolicy.RoleFor(Chain);

    /// <summary>The request body may say which version of the stream the client last saw (so If-Match applies).</summary>
    public bool TakesExpectedVersion => Chain.RequestType?.IsAssignableTo(typeof(IVersionedRequest)) == true;

    /// <summary>A read of one stream's read model by id: it is served with the stream's version as its ETag.</summary>
    public bool ServesETag => IsRead && Chain.Method.Method.GetCustomAttributes(typeof(ServesETagAttribute), inherit: false).Length > 0;

    public bool HasBody => Chain.RequestType is not null;
}

/// <summary>The endpoint answers with an <c>ETag</c> header, the version a later <c>If-Match</c> may name.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServesETagAttribute : Attribute;
