using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The documents one batch of events touches, loaded up front in a few round trips (never one per event)
/// and written back once. The daemon commits batches in order, so what we load is what the previous batch wrote.
/// </summary>
internal sealed class AlignmentProjectionBatch
{
    public Dictionary<string, AlignmentClaim> Claims { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AlignmentSource> Sources { get; } = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectAlignment> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValidTimeTotals> _validTime = new(StringComparer.Ordinal);
    private readonly HashSet<object> _dirty = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _records = [];
    // Spans by id: one opened and closed within the batch is written once, closed; spans of earlier batches are closed in place.
    private readonly Dictionary<string, ContributionSpan> _opened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _closed = new(StringComparer.Ordinal);
    private AlignmentClock _clock = new();
    private bool _clockMoved;

    public static async Task<AlignmentProjectionBatch> LoadAsync(IDocumentOperations ops, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var batch = new AlignmentProjectionBatch();
        var claimIds = events.Select(e => (e.Data as IClaimEvent)?.ClaimId).OfType<string>().ToHashSet();
        // A source's own events re-score its claims; a claim's evidence brings in the source it cites.
        var sourceIds = events.Select(e => (e.Data as ISourceEvent)?.SourceId ?? (e.Data as ICitingEvent)?.Evidence?.SourceId)
            .Concat(events.Select(e => e.Data).OfType<ClaimsMerged>().SelectMany(m => m.Evidence.Select(x => x.SourceId)))
            .OfType<string>().ToHashSet();

        await batch.LoadSourcesAsync(ops, sourceIds, ct);
        // A regrade or retraction re-scores every claim on that source, and re-scoring a claim needs all its sources. Only the
        // source's own events: a claim citing a source leaves its other claims as they are (loading them made replays quadratic).
        claimIds.UnionWith(events.Select(e => (e.Data as ISourceEvent)?.SourceId).OfType<string>().SelectMany(id => batch.Sources.GetValueOrDefault(id)?.ClaimIds ?? []));
        await batch.LoadClaimsAsync(ops, claimIds, ct);
        await batch.LoadSourcesAsync(ops, batch.Claims.Values.SelectMany(c => c.Supports.Concat(c.ContestSources).Select(s => s.SourceId)), ct);
        var subjects = batch.Claims.Values.Select(c => c.Subject)
            .Concat(events.Select(e => e.Data).OfType<ClaimExtracted>().Select(x => x.Subject))
            .Concat(events.Select(e => e.Data).OfType<ClaimRecoded>().Select(x => x.Subject)).Distinct().ToArray();
        // The subjects and the clock in one round trip: the daemon runs a batch every few events under steady writes.
        var last = ops.CreateBatchQuery();
        var subjectsLoaded = last.LoadMany<SubjectAlignment>().ById(subjects);
        var validTimeLoaded = last.LoadMany<ValidTimeTotals>().ById(subjects);
        var clock = last.Load<AlignmentClock>(AlignmentClock.Ledger);
        await last.Execute(ct);
        foreach (var s in await subjectsLoaded) batch._subjects[s.Id] = s;
        foreach (var t in await validTimeLoaded) batch._validTime[t.Id] = t;
        batch._clock = await clock ?? new AlignmentClock();
        foreach (var subject in batch._subjects.Values.Where(s => s.ChangeCount > 0 && !batch._validTime.ContainsKey(s.Id)))
            batch._validTime[subject.Id] = await SeedValidTimeAsync(ops, subject, ct);
        return batch;
    }

    /// <summary>
    /// The valid-time totals of a subject projected before they were kept: summed once from its spans still open, which are
    /// those in force at its last change (a span closes only at a change of its subject). Reports as of earlier instants
    /// than this read the spans, as they did before.
    /// </summary>
    private static async Task<ValidTimeTotals> SeedValidTimeAsync(IDocumentOperations ops, SubjectAlignment subject, CancellationToken ct)
    {
        var ranges = await ops.AdvancedSql.QueryAsync<SeededRange>($"""
            select jsonb_build_object('power', power, 'first', first, 'last', last, 'count', count(*), 'total', sum(contribution))
            from (select s.power, extract(year from s.valid_start at time zone 'UTC')::int as first,
                         extract(year from (s.valid_end - interval '1 microsecond') at time zone 'UTC')::int as last, s.contribution
                  from {Postgres.DocumentTable.Of<ContributionSpan>(ops.DocumentStore)} as s
                  where s.subject = ? and s.until_sequence is null and s.valid_start is not null and s.valid_end is not null) as dated
            group by power, first, last
            """, ct, subject.Id);
        return new ValidTimeTotals
        {
            Id = subject.Id, Subject = subject.Id, Sequence = subject.LastSequence,
            Ranges = ranges.ToDictionary(r => ValidTimeTotals.KeyOf(r.Power, r.First, r.Last), r => new ValidTimeRange(r.Count, r.Total),
                StringComparer.Ordinal),
        };
    }

    private sealed record SeededRange(string Power, int First, int Last, int Count, decimal Total);

    private async Task LoadSourcesAsync(IDocumentOperations ops, IEnumerable<string> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !Sources.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0) return;
        foreach (var s in await ops.LoadManyAsync<AlignmentSource>(ct, missing)) Sources[s.Id] = s;
    }

    private async Task LoadClaimsAsync(IDocumentOperations ops, IEnumerable<string> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !Claims.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0) return;
        foreach (var c in await ops.LoadManyAsync<AlignmentClaim>(ct, missing)) Claims[c.Id] = c;
    }

    public AlignmentSource Source(string id, Action<AlignmentSource> change)
    {
        if (!Sources.TryGetValue(id, out var source)) Sources[id] = source = new AlignmentSource { Id = id };
        change(source);
        _dirty.Add(source);
        return source;
    }

    public IEnumerable<AlignmentClaim> ClaimsOf(AlignmentSource source) =>
        source.ClaimIds.Select(id => Claims.GetValueOrDefault(id)).OfType<AlignmentClaim>().ToList();

    public IEnumerable<AlignmentClaim> Update(string claimId, Action<AlignmentClaim> change)
    {
        if (!Claims.TryGetValue(claimId, out var claim)) return [];
        change(claim);
        return [claim];
    }

    public SubjectAlignment Subject(string subject)
    {
        if (!_subjects.TryGetValue(subject, out var doc)) _subjects[subject] = doc = new SubjectAlignment { Id = subject };
        _dirty.Add(doc);
        return doc;
    }

    /// <summary>The subject's running valid-time totals (<see cref="ValidTimeTotals"/>), written back with the batch.</summary>
    public ValidTimeTotals ValidTime(string subject)
    {
        if (!_validTime.TryGetValue(subject, out var totals)) _validTime[subject] = totals = new ValidTimeTotals { Id = subject, Subject = subject };
        _dirty.Add(totals);
        return totals;
    }

    /// <summary>When a change caused by this event is recorded (<see cref="AlignmentClock"/>).</summary>
    public DateTimeOffset RecordTime(IEvent cause)
    {
        _clockMoved = true;
        return _clock.Record(cause.Timestamp);
    }

    /// <summary>A change or snapshot document.</summary>
    public void Record(object document) => _records.Add(document);

    /// <summary>A contribution's new value from this event on.</summary>
    public void Open(string subject, ClaimContribution now)
    {
        var span = ContributionSpan.Open(subject, now);
        _opened[span.Id] = span;
    }

    /// <summary>A contribution's value ends at this event.</summary>
    public void Close(ClaimContribution was, long until)
    {
        var id = ContributionSpan.IdOf(was);
        if (_opened.TryGetValue(id, out var span)) span.UntilSequence = until;
        else _closed[id] = until;
    }

    public void Store(IDocumentOperations ops)
    {
        foreach (var record in _records)
        {
            switch (record)
            {
                case AlignmentChange c: ops.Store(c); break;
                case AlignmentSnapshot s: ops.Store(s); break;
                case ValidTimeTotals t: ops.Store(t); break;
            }
        }
        if (_clockMoved) ops.Store(_clock);
        foreach (var span in _opened.Values) ops.Store(span);
        ContributionSpan.QueueClose(ops, _closed);
        // Claims are rewritten whenever an event touched them; Rescore marks their subjects.
        foreach (var claim in Claims.Values) ops.Store(claim);
        foreach (var doc in _dirty)
        {
            switch (doc)
            {
                case AlignmentSource s: ops.Store(s); break;
                case ValidTimeTotals t: ops.Store(t); break;
                case SubjectAlignment a:
                    a.Normalize();
                    ops.Store(a);
                    break;
            }
        }
    }
}
