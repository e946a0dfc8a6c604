namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Serializes the decisions to start, join or stop the server of one cluster across processes (and across instances in
/// one process): an exclusive lock on <c>startstop.lock</c> beside <c>pgdata</c>, held only while deciding and acting.
/// .NET takes FileShare.None as flock(LOCK_EX) on Unix, which the kernel drops when the holder dies, so a killed
/// process never leaves the cluster locked; the file itself stays, since deleting a lock file races its next holder.
/// </summary>
internal sealed class StartStopLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);   // longer than initdb plus a slow start
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _file;

    private StartStopLock(FileStream file) => _file = file;

    public static string FileIn(string home) => Path.Combine(home, "startstop.lock");

    public static async Task<StartStopLock> AcquireAsync(string home, ILogger logger, CancellationToken ct)
    {
        var path = FileIn(home);
        var deadline = DateTime.UtcNow + Patience;
        var told = false;
        while (true)
        {
            try
            {
                return new StartStopLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!told)
                    logger.LogInformation("Waiting for another process that is starting or stopping the embedded PostgreSQL in {Home}", home);
                told = true;
                await Task.Delay(PollInterval, ct);
            }
            catch (IOException ex)
            {
                throw new EmbeddedPostgresException(
                    $"Another process has held {path} for more than {Patience.TotalMinutes:0} minutes while starting or " +
                    $"stopping the embedded PostgreSQL; find it with `fuser {path}`. ({ex.Message})", ex);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
