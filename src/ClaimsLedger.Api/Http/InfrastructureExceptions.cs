using System.Net.Sockets;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// The one central handler, for failures that surface below the endpoints. Each gets an honest status: 503 +
/// Retry-After only when the database is really out of reach (the outcome of a write is then unknown, and every
/// command is safe to retry); 409 for a write that kept losing to concurrent writers; 400/413 for what the client
/// sent; 500 for bugs. Infrastructure failures and bugs are logged at error; client mistakes at information, without
/// a stack trace. Nothing about SQL or the code leaks out.
/// </summary>
public sealed class InfrastructureExceptions(IProblemDetailsService problems, ILogger<InfrastructureExceptions> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, detail) = Classify(exception);
        if (status >= 500) logger.LogError(exception, "{Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);
        else logger.LogInformation("{Method} {Path}: {Status}, {Reason}", context.Request.Method, context.Request.Path, status, exception.Message);
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    public static (int Status, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, $"The body exceeds {LedgerLimits.MaxRequestBodyBytes} bytes."),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        ConcurrencyException =>
            (409, "The stream kept changing while this request was applied; read it again and retry."),
        _ when Unavailable(exception) =>
            (503, "The ledger's database is unavailable. Retry the request; commands are idempotent, so a retry never records twice."),
        _ when Untextual(exception) => (400, "The request carries text the ledger cannot store (NUL or unpaired surrogate characters)."),
        _ => (500, "An unexpected error occurred; it has been logged."),
    };

    /// <summary>
    /// The database is gone or going: refused or dropped connections, timeouts, and the shutdown codes PostgreSQL
    /// sends to open sessions (57P01 admin shutdown, 57P02 crash, 57P03 starting up), a server out of shared memory or lock
    /// table (53200: a transaction that could not take a lock wrote nothing) or connections (53300), however deep they are wrapped
    /// (Marten, Wolverine, and a connection disposed under a dying server all wrap them differently).
    /// </summary>
    public static bool Unavailable(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState is "53200" or "53300" or "53400",
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        NpgsqlException npgsql when npgsql is not PostgresException && npgsql.IsTransient => true,
        SocketException or TimeoutException => true,
        ObjectDisposedException when Chain(exception).Any(x => x is NpgsqlException) => true,
        _ => false,
    });

    // 22P05 (unsupported Unicode escape in jsonb) and 22021 (invalid byte sequence, e.g. NUL): text that slipped past the edge.
    private static bool Untextual(Exception exception) =>
        Chain(exception).Any(e => e is PostgresException { SqlState: "22P05" or "22021" });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}

public static class LedgerLimits
{
    /// <summary>Room for the largest source text (2 million characters, up to 4 bytes each in UTF-8) and its JSON.</summary>
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;
}
