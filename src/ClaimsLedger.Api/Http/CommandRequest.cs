using System.Diagnostics.CodeAnalysis;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// The checks every command on an existing stream makes before deciding, in one order: who is acting
/// (X-Actor), that there is a body, its fields, and the version the client expects (body or If-Match).
/// </summary>
public static class CommandRequest
{
    public static bool TryCheck<TCommand>(HttpContext context, [NotNullWhen(true)] TCommand? command, string bodyHint,
        Action<TCommand, FieldErrors> validate, Func<TCommand, long?> version,
        out string actor, out long? expectedVersion, [NotNullWhen(false)] out IResult? problem) where TCommand : class
    {
        expectedVersion = null;
        if (!Actor.TryRead(context, out actor, out problem)) return false;
        if (command is null)
        {
            problem = Problems.Invalid("body", bodyHint);
            return false;
        }
        var errors = new FieldErrors();
        validate(command, errors);
        if (errors.Any)
        {
            problem = errors.ToProblem();
            return false;
        }
        return ExpectedVersion.TryRead(context, version(command), out expectedVersion, out problem);
    }
}
