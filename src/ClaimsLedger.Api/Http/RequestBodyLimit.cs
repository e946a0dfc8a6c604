namespace ClaimsLedger.Api.Http;

/// <summary>
/// Refuses a declared body over the limit before anything reads it. Kestrel enforces the same limit on
/// bodies of unknown length (MaxRequestBodySize, surfacing as a 413 through <see cref="InfrastructureExceptions"/>);
/// this makes the answer a problem document, and holds under any server, the in-memory test server included.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > LedgerLimits.MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large.", Detail = $"The body exceeds {LedgerLimits.MaxRequestBodyBytes} bytes." },
            });
            return;
        }
        await next(context);
    }
}
