using System.Diagnostics;
using Marten;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Opens the session a command writes through, stamped with who is acting and the request's correlation
/// id, so every event it appends carries them as metadata (mt_events.user_name / correlation_id).
/// </summary>
public static class LedgerSession
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static IDocumentSession Open(IDocumentStore store, HttpContext context, string actor) =>
        Open(store, actor, CorrelationId(context));

    public static IDocumentSession Open(IDocumentStore store, string actor, string correlationId)
    {
        var session = store.LightweightSession();
        session.LastModifiedBy = actor;
        session.CorrelationId = correlationId;
        return session;
    }

    public static string CorrelationId(HttpContext context)
    {
        if (context.Items.TryGetValue(CorrelationHeader, out var known) && known is string id) return id;
        var sent = context.Request.Headers[CorrelationHeader].ToString().Trim();
        id = sent.Length is > 0 and <= 128 ? sent : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        context.Items[CorrelationHeader] = id;
        context.Response.Headers[CorrelationHeader] = id;
        return id;
    }
}
