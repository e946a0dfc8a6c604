namespace ClaimsLedger.Api.Http;

/// <summary>
/// Refuses, before any endpoint runs, query values the ledger could not store or compare (NUL, unpaired surrogates)
/// and an unusable Idempotency-Key, each with a 400 naming the parameter. Bodies get the same rule from
/// <see cref="StoredText.Converter"/>; X-Actor from the authentication handler; X-Correlation-Id is replaced instead.
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        var errors = new FieldErrors();
        foreach (var (name, values) in context.Request.Query)
        {
            if (!StoredText.IsStorable(name)) errors.Add("query", StoredText.Rule);
            else if (values.Any(v => v is not null && !StoredText.IsStorable(v))) errors.Add(name, StoredText.Rule);
        }
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 0 && !(key.Length <= MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~')))
            errors.Add(IdempotencyHeader, $"must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
        if (errors.Any)
        {
            await errors.ToProblem().ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
