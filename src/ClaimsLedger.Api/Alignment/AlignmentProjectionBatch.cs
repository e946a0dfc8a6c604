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
    // This batch's changes per subject, in order, for the valid-time totals copied every ValidTimeTotals.Interval changes.
    private readonly Dictionary<string, List<AlignmentChange>> _changesBySubject = new(StringComparer.Ordinal);
    private readonly List<(string Subject, long Sequence)> _validTimeCopies = [];
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
        var clock = last.Load<AlignmentClock>(Time.RecordClock.Ledger);
        await last.Execute(ct);
        foreach (var s in await subjectsLoaded) batch._subjects[s.Id] = s;
        batch._clock = await clock ?? new AlignmentClock();
        return batch;
    }

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

    /// <summary>
    /// The subject's valid-time totals are to be copied as they stand after this change (<see cref="ValidTimeTotals"/>),
    /// once the batch's changes are applied: <see cref="CopyValidTimeAsync"/>.
    /// </summary>
    public void CopyValidTime(string subject, long sequence) => _validTimeCopies.Add((subject, sequence));

    /// <summary>
    /// Takes the valid-time copies this batch's changes called for, in order: the subject's previous copy (taken earlier in
    /// this batch, else the last stored), what its committed changes since moved (at most <see cref="ValidTimeTotals.Interval"/>
    /// − 1 of them, summed by PostgreSQL as a report sums them), then this batch's changes of the subject up to the copy's.
    /// A subject without a copy yet (its first change, or a ledger projected before copies were kept) starts from its spans
    /// open when the batch began, which are those in force at its last change (a span closes only at a change of its subject).
    /// No running total is kept: rewriting one for every subject a batch touched (up to 17 KB for the busiest) slowed the
    /// projection's catch-up after a 200k bulk load by 38 %; and summing the open spans for every copy cost the busiest
    /// subject 19–88 ms a copy at 200k (~5 % of PostgreSQL's time under the single POSTs).
    /// </summary>
    public async Task CopyValidTimeAsync(IDocumentOperations ops, CancellationToken ct)
    {
        var latest = new Dictionary<string, ValidTimeTotals>(StringComparer.Ordinal);
        foreach (var (subject, sequence) in _validTimeCopies)
        {
            if (!latest.TryGetValue(subject, out var previous))
            {
                previous = await ops.Query<ValidTimeTotals>().Where(t => t.Subject == subject).OrderByDescending(t => t.Sequence).FirstOrDefaultAsync(ct);
                if (previous is not null) await previous.FoldChangesAsync(ops, null, ct);
                else previous = await ValidTimeTotals.FromSpansAsync(ops, subject, null, ct);
            }
            var totals = previous.CopyAs(AlignmentChange.IdFor(subject, sequence));
            foreach (var change in _changesBySubject[subject].Where(c => c.Sequence > previous.Sequence && c.Sequence <= sequence))
                totals.Apply(change.Deltas, change.Sequence);
            _records.Add(latest[subject] = totals);
        }
    }


    /// <summary>When a change caused by this event is recorded (<see cref="AlignmentClock"/>).</summary>
    public DateTimeOffset RecordTime(IEvent cause)
    {
        _clockMoved = true;
        return _clock.Record(cause.Timestamp);
    }

    /// <summary>A change or snapshot document.</summary>
    public void Record(object document)
    {
        _records.Add(document);
        if (document is not AlignmentChange change) return;
        if (!_changesBySubject.TryGetValue(change.Subject, out var changes)) _changesBySubject[change.Subject] = changes = [];
        changes.Add(change);
    }

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

    /// <summary>
    /// Writes back what the batch made and changed. The documents a batch writes by the thousand (a regrade re-scores every
    /// claim of its source, and opens a span for each contribution that moves) in one statement a type
    /// (<see cref="Postgres.SetUpsert{T}"/>), and the sources, snapshots and subjects so too (hundreds a save in a replay); the
    /// valid-time totals (every 100th change) and the clock through Marten.
    /// </summary>
    public void Store(IDocumentOperations ops)
    {
        AlignmentChange.Rows.Queue(ops, _records.OfType<AlignmentChange>().ToList());
        AlignmentSnapshot.Rows.Queue(ops, _records.OfType<AlignmentSnapshot>().ToList());
        foreach (var totals in _records.OfType<ValidTimeTotals>()) ops.Store(totals);
        if (_clockMoved) ops.Store(_clock);
        ContributionSpan.Rows.Queue(ops, _opened.Values.ToList());
        ContributionSpan.QueueClose(ops, _closed);
        // Claims are rewritten whenever an event touched them; Rescore marks their subjects.
        AlignmentClaim.Rows.Queue(ops, Claims.Values.ToList());
        AlignmentSource.Rows.Queue(ops, _dirty.OfType<AlignmentSource>().ToList());
        var subjects = _dirty.OfType<SubjectAlignment>().ToList();
        foreach (var subject in subjects) subject.Normalize();
        SubjectAlignment.Rows.Queue(ops, subjects);
    }
}
