using System.Diagnostics;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// The request's correlation id: the client's <c>X-Correlation-Id</c> when it is usable (printable ASCII, at most 128
/// characters: it is echoed in a response header and stored on every event), else the trace id. It is echoed back
/// and stored on every event the request appends (mt_events.correlation_id), so a trail can be followed from a
/// client's log line to the ledger.
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";
    public const int MaxLength = 128;

    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Header, out var known) && known is string id) return id;
        var sent = context.Request.Headers[Header].ToString().Trim();
        id = IsUsable(sent) ? sent : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        context.Items[Header] = id;
        context.Response.Headers[Header] = id;
        return id;
    }

    /// <summary>Middleware: the response carries the request's correlation id, whatever answers it.</summary>
    public static Task EchoAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            Of((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    public static bool IsUsable(string id) => id.Length is > 0 and <= MaxLength && id.All(c => c is >= '!' and <= '~');
}
