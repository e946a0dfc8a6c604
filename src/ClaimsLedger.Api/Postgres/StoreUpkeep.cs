namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Puts something in place in the store before the host starts serving (<see cref="PrepareAsync"/>), then keeps it up every
/// <paramref name="every"/> (<see cref="UpkeepAsync"/>). A failed upkeep is logged and tried again at the next tick: thrown,
/// it would stop the host, and each upkeep here only keeps something small (a log's length, moves not yet folded).
/// </summary>
public abstract class StoreUpkeep(TimeSpan every, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract Task PrepareAsync(CancellationToken ct);

    protected abstract Task UpkeepAsync(CancellationToken ct);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await UpkeepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{Upkeep} failed; it is tried again in {Every}", GetType().Name, every);
            }
        }
    }
}
