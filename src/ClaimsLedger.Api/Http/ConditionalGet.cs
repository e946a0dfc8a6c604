using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Conditional reads of one stream's read model (RFC 9110, 13.1.2): the response carries the stream's version as its
/// ETag, and a GET or HEAD whose <c>If-None-Match</c> names that version (or <c>*</c>) is answered 304 Not Modified
/// without a body, so a client polling a claim or a source moves no data until it changes.
/// </summary>
/// <remarks>
/// The version alone tags only a representation made from that stream's events alone (a claim's JSON, a source), so that
/// an unchanged version means an unchanged answer. A claim's PROV-O rendering also shows its sources' documents and the
/// address it was asked at: its tag adds its mark and a digest of the document (<see cref="ExpectedVersion.ETag(long, string, string)"/>), so it
/// is never taken for the JSON's, nor kept once the document moves. A contradiction's view, which shows its claims'
/// standing, has no conditional reads: its ETag is the version a write's If-Match names, no more.
/// If-None-Match compares weakly, so <c>W/"3"</c> matches version 3 as well.
/// </remarks>
public static class ConditionalGet
{
    /// <summary>Sets the ETag to <paramref name="version"/>; the 304 to answer when the client already holds it, else null.</summary>
    public static IResult? NotModified(HttpContext context, long version) => NotModified(context, ExpectedVersion.ETag(version));

    /// <summary>Sets the ETag to <paramref name="etag"/>; the 304 to answer when the client already holds it, else null.</summary>
    public static IResult? NotModified(HttpContext context, string etag)
    {
        context.Response.Headers.ETag = etag;
        return Holds(context.Request, new EntityTagHeaderValue(etag)) ? Results.StatusCode(StatusCodes.Status304NotModified) : null;
    }

    private static bool Holds(HttpRequest request, EntityTagHeaderValue current) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.GetTypedHeaders().IfNoneMatch.Any(held => held.Equals(EntityTagHeaderValue.Any) || held.Compare(current, useStrongComparison: false));
}
