using JasperFx;
using Marten.Exceptions;
using Npgsql;
using Wolverine.ErrorHandling;

namespace ClaimsLedger.Api.Commands;

/// <summary>
/// How every command rides out a concurrent writer: Wolverine runs the handler again, inline (these are the only
/// error policies InvokeAsync applies), after a short jittered pause, on the newer state. A create that lost the
/// race to the same deterministic id becomes a corroboration or a no-op; a command that demanded a version now sees
/// another one and is refused with 409 by <see cref="Decide"/>. After the last attempt the exception reaches the HTTP
/// layer, which answers 409 (MapConcurrencyFailuresToConflict).
/// </summary>
public static class CommandPolicies
{
    private static readonly TimeSpan[] Pauses = [.. Enumerable.Range(0, 8).Select(i => TimeSpan.FromMilliseconds(5 << Math.Min(i, 5)))];

    public static void RetryContention(this WolverineOptions opts) =>
        opts.Policies.OnException<ConcurrencyException>()
            .Or<ExistingStreamIdCollisionException>()
            .Or<MartenCommandException>(IsUniqueViolation)
            .Or<DocumentAlreadyExistsException>(IsUniqueViolation)
            .RetryWithCooldown(Pauses).WithFullJitter();

    // Two registrations of one text under different ids (two carriers at once) both pass their check; the unique index on
    // the text's hash lets one in. Run again, the other finds it and is recorded as its copy. Marten 9 reports a unique
    // index's refusal as JasperFx's DocumentAlreadyExistsException, not as a MartenCommandException: without it here the
    // loser was a 500.
    private static bool IsUniqueViolation(Exception ex) => ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
