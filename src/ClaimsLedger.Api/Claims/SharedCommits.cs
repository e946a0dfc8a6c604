using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Single POSTs of claims share commits. A POST's claim waits in line here; each of a few writers takes every claim waiting
/// in its line (up to <see cref="SharedCommitsOptions.MaxClaims"/>; a claim always goes to the same writer's line) and
/// records them as one <see cref="RecordClaims"/> through Wolverine: one transaction, one load of the cited sources, one
/// fetch of the claim streams, one statement for the claims' rows. Each claim is decided exactly as it would be alone and
/// in the order the POSTs arrived (a claim sent twice is created, then found), and its events carry its own request's
/// actor, correlation id and causation id. Nothing is held back to fill a group: a claim that finds its writer idle is
/// written at once, alone, through <see cref="RecordClaimHandler"/>.
/// <para>
/// Why: a single POST cost ~6.6 ms of CPU (API and PostgreSQL) where a claim in a batch of 16 cost ~2.1 ms, the asynchronous
/// projections' share included (README, "Benchmarks"): most of a POST's work is per transaction (statements, round trips,
/// connection leases, the commit), not per claim.
/// </para>
/// <para>
/// A group that fails after the retry policy's attempts (a concurrent writer on one of its claims every time, or a fault) is
/// written again one claim at a time, so each request meets only its own outcome.
/// </para>
/// </summary>
public sealed class SharedCommits(LedgerOptions options, IServiceScopeFactory scopes, ILogger<SharedCommits> logger) : IHostedService
{
    private static readonly Meter Meter = new(Observability.Telemetry.LedgerMeter);
    private static readonly Histogram<int> Shared = Meter.CreateHistogram<int>("claimsledger.claims.commit.size", "{claim}",
        "How many single POSTs of claims each commit took from the line");

    // A line per writer, and a claim always in the same writer's line: two commits in flight never hold the same claim, so
    // they never collide on it (a collision rolls a whole group back to be decided again).
    private readonly Channel<Waiting>[] _lines = [.. Enumerable.Range(0, options.SharedCommits.Writers)
        .Select(_ => Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = true }))];
    private Task _writers = Task.CompletedTask;

    /// <summary>A claim in line and where its request waits for the outcome and the positions its commit reached.</summary>
    private sealed record Waiting(RecordClaim Claim, RecordClaims.Voice Voice, Http.CommittedPositions.Reached Reached)
    {
        public TaskCompletionSource<CommandOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Records the claim as <paramref name="actor"/>, sharing a commit with whatever other POSTs are waiting. The positions the
    /// commit reached go to <paramref name="reached"/>, as a request's own commit's would.
    /// </summary>
    public Task<CommandOutcome> RecordAsync(RecordClaim claim, string actor, string? correlationId, Http.CommittedPositions.Reached reached)
    {
        var waiting = new Waiting(claim, new RecordClaims.Voice(actor, correlationId, Guid.CreateVersion7().ToString()), reached);
        if (!LineOf(claim.ClaimId).Writer.TryWrite(waiting))
            waiting.Outcome.SetException(new OperationCanceledException("The ledger is shutting down; the claim was not recorded."));
        return waiting.Outcome.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writers = Task.WhenAll(_lines.Select(line => Task.Run(() => WriteAsync(line.Reader), CancellationToken.None)));
        return Task.CompletedTask;
    }

    /// <summary>Takes no more claims, and lets the writers finish those in line (the web host has stopped taking requests by now).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var line in _lines) line.Writer.TryComplete();
        await _writers.WaitAsync(cancellationToken);
    }

    private Channel<Waiting> LineOf(string claimId) => _lines[(int)((uint)StringComparer.Ordinal.GetHashCode(claimId) % (uint)_lines.Length)];

    private async Task WriteAsync(ChannelReader<Waiting> line)
    {
        var max = options.SharedCommits.MaxClaims;
        var group = new List<Waiting>(max);
        while (await line.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < max && line.TryRead(out var waiting)) group.Add(waiting);
            if (group.Count == 0) continue;
            Shared.Record(group.Count);
            try
            {
                if (group.Count == 1 || !await WriteTogetherAsync(group))
                    foreach (var waiting in group) await WriteAloneAsync(waiting);
            }
            catch (Exception e)
            {
                // Never reached in practice (each write answers its own waiter); kept so that one writer's bug cannot leave requests waiting.
                foreach (var waiting in group) waiting.Outcome.TrySetException(e);
            }
        }
    }

    /// <summary>One transaction for the group; false (nothing recorded) when it failed and each claim must be written alone.</summary>
    private async Task<bool> WriteTogetherAsync(List<Waiting> group)
    {
        // No locks: a claim is only ever in this writer's line, so no other group holds it.
        var command = new RecordClaims([.. group.Select((w, i) => new RecordClaims.Item(i, w.Claim, w.Voice))]) { LocksClaims = false };
        var reached = Http.CommittedPositions.Collect();
        RecordClaimsOutcome answer;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageContext>();
            var first = group[0].Voice;
            answer = await bus.InvokeAsActorAsync<RecordClaimsOutcome>(command, first.Actor, first.CorrelationId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogInformation(e, "{Claims} claims sharing a commit failed together; each is written alone.", group.Count);
            return false;
        }
        foreach (var (index, outcome) in answer.Items)
        {
            var waiting = group[index];
            if (reached.TryGet(outcome.StreamId, outcome.Version, out var position)) waiting.Reached.Add(outcome.StreamId, outcome.Version, position);
            waiting.Outcome.TrySetResult(outcome);
        }
        // Every item is answered (RecordClaims.Decide answers each); should one not be, its request fails rather than waits forever.
        foreach (var waiting in group)
            waiting.Outcome.TrySetException(new InvalidOperationException($"The shared commit answered nothing for claim {waiting.Claim.ClaimId}."));
        return true;
    }

    private async Task WriteAloneAsync(Waiting waiting)
    {
        try
        {
            Http.CommittedPositions.Collect(waiting.Reached);
            await using var scope = scopes.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageContext>();
            var outcome = await bus.InvokeAsActorAsync<CommandOutcome>(waiting.Claim, waiting.Voice.Actor, waiting.Voice.CorrelationId, CancellationToken.None);
            waiting.Outcome.TrySetResult(outcome);
        }
        catch (Exception e)
        {
            waiting.Outcome.TrySetException(e);
        }
    }
}

/// <summary><c>ClaimsLedger:SharedCommits</c>: how single POSTs of claims share commits (<see cref="SharedCommits"/>).</summary>
public sealed class SharedCommitsOptions
{
    /// <summary>The most claims one commit takes from the line; 1 gives every POST a commit of its own.</summary>
    public int MaxClaims { get; set; } = 32;

    /// <summary>How many commits may be in flight at once, each taking what is in line when it starts.</summary>
    public int Writers { get; set; } = 2;
}
