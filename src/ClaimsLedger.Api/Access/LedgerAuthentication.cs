using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Access;

/// <summary>
/// Who is calling, in one place. With keys configured: the key in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>,
/// and the caller is the key's name with its role (X-Actor is ignored). With none (the local default): the name in
/// <c>X-Actor</c>, trusted as an admin because only this machine can reach the API. Either way the principal's
/// name is the actor recorded on every event the request writes.
/// </summary>
public sealed class LedgerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyRing keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Ledger";
    public const string ActorHeader = "X-Actor";
    public const string KeyHeader = "X-Api-Key";
    private const string FailureKey = "ledger-authentication-failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(keys.Configured ? FromKey() : FromActorHeader());

    private AuthenticateResult FromKey()
    {
        var presented = Request.Headers[KeyHeader].ToString();
        var authorization = Request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = authorization[7..].Trim();
        if (presented.Length == 0) return AuthenticateResult.NoResult();
        return keys.Find(presented) is { } key ? Success(key.Name, key.Role) : Failed(KeyHeader, "is not a valid API key.");
    }

    private AuthenticateResult FromActorHeader()
    {
        var actor = Request.Headers[ActorHeader].ToString().Trim();
        if (actor.Length == 0) return AuthenticateResult.NoResult();
        return ActorNames.IsValid(actor) ? Success(actor, Roles.Admin) : Failed(ActorHeader, $"header {ActorNames.Rule}");
    }

    private AuthenticateResult Success(string name, string role) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName)), SchemeName));

    private AuthenticateResult Failed(string field, string message)
    {
        Context.Items[FailureKey] = (field, message);
        return AuthenticateResult.Fail($"{field} {message}");
    }

    // No caller or a refused one. Locally the only thing missing is a name, which is the request's own field: 400.
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (field, message) = Context.Items[FailureKey] as (string, string)? ?? (keys.Configured
            ? (KeyHeader, "is required: send an API key in X-Api-Key or Authorization: Bearer.")
            : (ActorHeader, "header is required: name the person or system making this change."));
        if (keys.Configured) Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Invalid(field, message, keys.Configured ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest)
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: $"'{Context.User.Identity?.Name}' may not do this: it needs a stronger role than {Context.User.FindFirstValue(ClaimTypes.Role)}.")
            .ExecuteAsync(Context);
}
