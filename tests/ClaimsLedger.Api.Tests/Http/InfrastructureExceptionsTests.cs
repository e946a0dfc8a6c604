using ClaimsLedger.Api.Http;
using Marten.Exceptions;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>
/// What the central handler answers for a database that is short of something: 503 with Retry-After (the request wrote
/// nothing and may be sent again), not 500. A server out of lock table or memory (53200) is one: a batch of claims holds a
/// lock a claim while it writes (ClaimStreamsForWriting), so a server run with too small a lock table meets it under load.
/// </summary>
public sealed class InfrastructureExceptionsTests
{
    [Theory]
    [InlineData("53200", 503)]   // out of memory: "out of shared memory, you might need to increase max_locks_per_transaction"
    [InlineData("53300", 503)]   // too many connections
    [InlineData("57P01", 503)]   // the server is shutting down
    [InlineData("42601", 500)]   // a syntax error is a bug
    public void A_database_short_of_a_resource_answers_503(string sqlState, int status)
    {
        var refusal = new PostgresException("refused", "ERROR", "ERROR", sqlState);
        // As Marten hands it over from a failed commit, wrapped.
        var wrapped = new MartenCommandException(new NpgsqlCommand("select 1"), refusal);

        InfrastructureExceptions.Classify(refusal).Status.ShouldBe(status);
        InfrastructureExceptions.Classify(wrapped).Status.ShouldBe(status);
    }
}
