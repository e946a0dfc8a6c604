using JasperFx.Events;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// A rebuild as a resource: its recorded events, plus the in-memory progress while it runs.
/// <c>processed</c> and <c>total</c> count event sequence positions summed over the projections (see
/// <see cref="RebuildProgress"/>); at completion they are equal.
/// </summary>
/// <param name="Id">The rebuild's id (32 hex digits).</param>
/// <param name="State"><c>running</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Projections">The projections being rebuilt, in registration order.</param>
/// <param name="Processed">Event positions replayed so far, summed over the projections; equals total when completed.</param>
/// <param name="Total">Event positions to replay, summed over the projections (the ledger's last position when the rebuild began, times the number of projections).</param>
/// <param name="EventsPerSecond">The average replay rate so far (processed ÷ seconds elapsed), one decimal.</param>
/// <param name="StartedAt">When the rebuild was requested (UTC, ISO 8601).</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Error">Why it failed; null unless state is failed.</param>
/// <param name="RequestedBy">The admin who asked for it.</param>
public sealed record RebuildStatus(
    string Id,
    string State,
    IReadOnlyList<string> Projections,
    long Processed,
    long Total,
    double EventsPerSecond,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string RequestedBy)
{
    public const string Running = "running", Completed = "completed", Failed = "failed";

    public static string Location(string id) => $"/api/admin/projections/rebuilds/{id}";

    public static RebuildStatus? From(IReadOnlyList<IEvent> events, RebuildProgress? inFlight, DateTimeOffset now)
    {
        if (events.FirstOrDefault()?.Data is not ProjectionRebuildRequested requested) return null;
        var status = new RebuildStatus(requested.RebuildId, Running, requested.Projections, inFlight?.Processed ?? 0, inFlight?.Total ?? 0, 0,
            events[0].Timestamp, null, null, requested.Actor);
        foreach (var e in events.Skip(1))
        {
            status = e.Data switch
            {
                ProjectionRebuildCompleted c => status with { State = Completed, Processed = c.Processed, Total = c.Total, FinishedAt = e.Timestamp },
                ProjectionRebuildFailed f => status with { State = Failed, Processed = f.Processed, Total = f.Total, FinishedAt = e.Timestamp, Error = f.Error },
                _ => status,
            };
        }
        var seconds = ((status.FinishedAt ?? now) - status.StartedAt).TotalSeconds;
        return status with { EventsPerSecond = seconds > 0 ? Math.Round(status.Processed / seconds, 1) : 0 };
    }
}
