using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// The one central handler, for failures that are not the request's fault or that surface below the
/// endpoints: a body over the size limit (413), the database unreachable (503 + Retry-After: the outcome of a
/// write is then unknown, and every command is safe to retry). Nothing about SQL or stack traces leaks out.
/// </summary>
public sealed class InfrastructureExceptions(IProblemDetailsService problems, ILogger<InfrastructureExceptions> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "Request body too large.", $"The body exceeds {LedgerLimits.MaxRequestBodyBytes} bytes."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request.", bad.Message),
            NpgsqlException or TimeoutException or Marten.Exceptions.MartenCommandException { InnerException: NpgsqlException } =>
                (503, "The ledger's database is unavailable.", "Retry the request; commands are idempotent, so a retry never records twice."),
            _ => (500, "An unexpected error occurred.", "The error has been logged."),
        };
        if (status >= 500) logger.LogError(exception, "Request failed with {Status}", status);
        if (status == 503) context.Response.Headers.RetryAfter = "5";
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class LedgerLimits
{
    /// <summary>Room for the largest source text (2 million characters, up to 4 bytes each in UTF-8) and its JSON.</summary>
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;
}
