namespace ClaimsLedger.Api.Http;

/// <summary>
/// RFC 9457 problem responses that name the offending field, so a client can fix its request without
/// reading our logs. Field names use the JSON path a client sent (e.g. <c>effects[0].power</c>).
/// </summary>
public static class Problems
{
    public static IResult Invalid(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, status);

    public static IResult Invalid(IDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        Results.ValidationProblem(errors, statusCode: status,
            title: status == StatusCodes.Status422UnprocessableEntity
                ? "The request is well formed but cannot be applied."
                : "One or more fields are invalid.");

    public static IResult NotFound(string field, string what) =>
        Invalid(field, $"{what} does not exist.", StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>A command's refusal as HTTP: the one place where domain refusals meet status codes.</summary>
    public static IResult For(Commands.Refusal refusal) => refusal.Kind switch
    {
        Commands.RefusalKind.NotFound => Invalid(refusal.Field ?? "id", refusal.Detail, StatusCodes.Status404NotFound),
        Commands.RefusalKind.Unprocessable => Invalid(refusal.Field ?? "body", refusal.Detail, StatusCodes.Status422UnprocessableEntity),
        _ => Conflict(refusal.Detail),
    };
}

/// <summary>Collects field errors while a command is validated; empty means valid.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _status = StatusCodes.Status400BadRequest;

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>The trimmed value, or "" after recording why it is missing or too long.</summary>
    public string Require(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
        else return value.Trim();
        return "";
    }

    public void Optional(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
    }

    public override string ToString() => string.Join("; ", _errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"));

    /// <summary>A field too large to accept at all: the whole request becomes a 413, still naming the field.</summary>
    public FieldErrors TooLarge(string field, string message)
    {
        _status = StatusCodes.Status413PayloadTooLarge;
        return Add(field, message);
    }

    public IResult ToProblem() => Problems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), _status);
}
