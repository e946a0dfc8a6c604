namespace ClaimsLedger.Api.Http;

/// <summary>
/// A fixed number of slots for some kind of work: callers beyond them wait their turn (first come, first served) and give
/// up when their caller does.
/// </summary>
public abstract class Gate(int slots)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _slots.Release();
        }
    }
}
