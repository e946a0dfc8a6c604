namespace ClaimsLedger.Api.Http;

/// <summary>
/// Who is acting. Until API keys arrive it is the <c>X-Actor</c> header; every command takes the actor as a
/// parameter, so switching to authenticated principals changes this one place.
/// </summary>
public static class Actor
{
    public const string Header = "X-Actor";
    private const int MaxLength = 200;

    public static bool TryRead(HttpContext context, out string actor, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        actor = context.Request.Headers[Header].ToString().Trim();
        problem = null;
        if (actor.Length == 0)
            problem = Problems.Invalid(Header, "header is required: name the person or system making this change.");
        else if (actor.Length > MaxLength || actor.Any(char.IsControl))
            problem = Problems.Invalid(Header, $"header must be at most {MaxLength} printable characters.");
        return problem is null;
    }
}
