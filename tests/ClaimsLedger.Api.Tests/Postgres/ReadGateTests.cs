using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Tests.Postgres;

public sealed class ReadGateTests
{
    private static ReadGate Gate(int slots) => new(new LedgerOptions { Reads = { MaxConcurrent = slots } });

    [Fact]
    public async Task reads_beyond_the_slots_wait_for_one_to_finish_then_run_in_the_order_they_came()
    {
        var gate = Gate(2);
        // Each read holds its slot until its own release; each reports when it got one. A freed slot resumes its next
        // waiter on the thread pool, so two slots freed at once may start their waiters in either order: the order is
        // checked one freed slot at a time.
        var releases = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource()).ToArray();
        var turns = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new List<int>();
        Task<int> Read(int n) => gate.RunAsync(async () =>
        {
            lock (started) started.Add(n);
            turns[n].SetResult();
            await releases[n].Task;
            return n;
        }, CancellationToken.None);

        var reads = new[] { Read(1), Read(2), Read(3), Read(4) };
        lock (started) started.ShouldBe([1, 2]);

        releases[1].SetResult();
        await turns[3].Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (started) started.ShouldBe([1, 2, 3]);

        releases[2].SetResult();
        await turns[4].Task.WaitAsync(TimeSpan.FromSeconds(10));
        releases[3].SetResult();
        releases[4].SetResult();
        (await Task.WhenAll(reads)).ShouldBe([1, 2, 3, 4]);
        started.ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public async Task a_waiting_read_gives_up_when_its_caller_does_and_frees_no_slot_it_never_had()
    {
        var gate = Gate(1);
        var release = new TaskCompletionSource();
        var holding = gate.RunAsync(async () => { await release.Task; return 1; }, CancellationToken.None);
        using var caller = new CancellationTokenSource();
        var waiting = gate.RunAsync(() => Task.FromResult(2), caller.Token);

        await caller.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(waiting);
        var next = gate.RunAsync(() => Task.FromResult(3), CancellationToken.None);
        next.IsCompleted.ShouldBeFalse();

        release.SetResult();
        (await holding).ShouldBe(1);
        (await next).ShouldBe(3);
    }
}
