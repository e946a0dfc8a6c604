using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// The documents one batch of events touches, loaded up front in a few round trips (never one per event) and written back
/// once: the claims the events name, the candidates they can contradict (claims listed under their cells the other way over
/// overlapping valid times), the contradictions they are in and the claims on the other side, and the sources behind all of them.
/// </summary>
public sealed class ContradictionBatch
{
    private readonly Dictionary<string, ContradictionClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContradictionSource> _sources = new(StringComparer.Ordinal);
    // Of the other sources behind the claims loaded, those retracted: all a pair's voices need of them.
    private readonly HashSet<string> _retracted = new(StringComparer.Ordinal);
    // Candidates by key, then claim: those loaded for this batch's searches and those listed by its events.
    private readonly Dictionary<string, Dictionary<string, ContradictionCandidate>> _candidates = new(StringComparer.Ordinal);
    // Candidates listed (a document) or unlisted (null) by this batch, written back once each.
    private readonly Dictionary<string, ContradictionCandidate?> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contradiction> _contradictions = new(StringComparer.Ordinal);
    // The pairs each claim is in, of those loaded or created: the claim's side of a pair, without a list on the claim to rewrite.
    private readonly Dictionary<string, HashSet<string>> _pairsByClaim = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnresolvedCount> _unresolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnresolvedCountMoment> _moments = new(StringComparer.Ordinal);
    private readonly HashSet<object> _dirty = new(ReferenceEqualityComparer.Instance);
    private ContradictionClock _clock = new();
    private bool _clockMoved;

    public static async Task<ContradictionBatch> LoadAsync(IDocumentOperations ops, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var batch = new ContradictionBatch();
        var data = events.Select(e => e.Data).ToList();
        var claimIds = data.OfType<IClaimEvent>().Select(e => e.ClaimId).ToHashSet(StringComparer.Ordinal);
        var sourceIds = data.OfType<ISourceEvent>().Select(e => e.SourceId)
            .Concat(data.OfType<ICitingEvent>().Select(e => e.Evidence?.SourceId).OfType<string>())
            .Concat(data.OfType<ClaimsMerged>().SelectMany(m => m.Evidence.Select(x => x.SourceId)));
        await batch.LoadSourcesAsync(ops, sourceIds, ct);
        // A retraction re-examines every claim the source supports.
        foreach (var retracted in data.OfType<SourceRetracted>())
            if (batch._sources.TryGetValue(retracted.SourceId, out var source)) claimIds.UnionWith(source.ClaimIds);
        await batch.LoadClaimsAsync(ops, claimIds, ct);

        // Every coding a claim can be evaluated with in this batch: as loaded, as extracted, as recoded.
        var codings = batch._claims.Values
            .Concat(data.OfType<ClaimExtracted>().Select(x => ContradictionClaim.Coded(x.ClaimId, x.Subject, x.Effects, x.ValidTime)))
            .Concat(data.OfType<ClaimRecoded>().Select(x => ContradictionClaim.Coded(x.ClaimId, x.Subject, x.Effects, x.ValidTime)));
        var stored = batch._claims.Keys.ToHashSet(StringComparer.Ordinal);
        await batch.LoadCandidatesAsync(ops, codings, ct);
        await batch.LoadPairsAsync(ops, codings.Where(c => stored.Contains(c.Id)), data.OfType<ContradictionResolved>().Select(r => r.ContradictionId), ct);
        await batch.LoadClaimsAsync(ops, batch._candidates.Values.SelectMany(listed => listed.Keys)
            .Concat(batch._contradictions.Values.SelectMany(c => c.ClaimIds)), ct);
        // Where a stored pair disagrees, from its claims as stored with it, before any event of the batch moves them.
        foreach (var pair in batch._contradictions.Values) pair.TakeConflictsFrom(batch.Claim);
        await batch.LoadRetractedAsync(ops, batch._claims.Values.SelectMany(c => c.Supports.Select(s => s.SourceId)), ct);
        // Every contradiction this batch can change is about the subject of a claim loaded here or coded by one of its events.
        var subjects = batch._claims.Values.Select(c => c.Subject).Concat(batch._contradictions.Values.Select(c => c.Subject))
            .Concat(data.OfType<ClaimExtracted>().Select(x => x.Subject)).Concat(data.OfType<ClaimRecoded>().Select(x => x.Subject))
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        await batch.LoadCountsAsync(ops, subjects, ct);
        return batch;
    }

    /// <summary>
    /// The candidates listed under the keys the codings search, each over the valid time of a coding searching it: one query
    /// for the whole batch that reads the (key, valid_start) index alone (<see cref="ContradictionCandidate.ConfigureMarten"/>).
    /// Evaluating a claim then narrows this to its own keys and valid time. Each key used to be searched once over the earliest
    /// start to the latest end of the codings searching it: a batch of a few hundred claims, valid a year or so each over
    /// fifteen years, spans nearly every year, so it found (and loaded the claims of) nearly every claim listed under its
    /// keys, most of which no claim of the batch overlaps.
    /// </summary>
    private async Task LoadCandidatesAsync(IDocumentOperations ops, IEnumerable<ContradictionClaim> codings, CancellationToken ct)
    {
        var searches = codings.SelectMany(c => c.Opposing().Select(key => (Key: key, Start: c.ValidStart!.Value, End: c.ValidEnd!.Value)))
            .Distinct().ToList();
        if (searches.Count == 0) return;
        // A candidate overlapping several codings' valid times is found once.
        var found = await ops.AdvancedSql.QueryAsync<ListedClaim>($"""
            select json_build_object('key', c.key, 'claimId', c.claim_id, 'validStart', c.valid_start, 'validEnd', c.valid_end)
            from (select distinct c.key, c.claim_id, c.valid_start, c.valid_end
                from {Postgres.DocumentTable.Of<ContradictionCandidate>(ops.DocumentStore)} as c
                join unnest(?::text[], ?::timestamptz[], ?::timestamptz[]) as s(key, start, stop) on c.key = s.key
                where c.valid_start < s.stop and c.valid_end > s.start) as c
            """, ct, searches.Select(s => s.Key).ToArray(), searches.Select(s => s.Start).ToArray(), searches.Select(s => s.End).ToArray());
        foreach (var listed in found)
            Listed(listed.Key)[listed.ClaimId] = new ContradictionCandidate
            {
                Id = ContradictionCandidate.IdFor(listed.Key, listed.ClaimId), Key = listed.Key, ClaimId = listed.ClaimId,
                ValidStart = listed.ValidStart, ValidEnd = listed.ValidEnd,
            };
    }

    private sealed record ListedClaim(string Key, string ClaimId, DateTimeOffset ValidStart, DateTimeOffset ValidEnd);

    /// <summary>
    /// The pairs the stored claims among <paramref name="codings"/> are in, by id, and the pairs the batch's resolutions name.
    /// Two claims are paired only while they are opponents (cells the other way, overlapping valid times), and they stop being
    /// opponents only when one of them is recoded, in the batch that searches its old coding too: so every pair of a claim
    /// that can change is with an opponent of a coding searched here, and every other pair already stands inactive with no
    /// conflicts, as evaluating it again would leave it. A claim extracted in the batch has no stored pair. Pairs used to be
    /// found through a GIN index on both claim ids, which cost two random index pages a new pair: about two thirds of a pair
    /// row's writing time and full-page images in the WAL (400 new pairs on the 200k benchmark ledger after a checkpoint:
    /// 42–82 ms and 6.4 MB of WAL with the index, 12–29 ms and 1.7–2.2 MB without).
    /// </summary>
    private async Task LoadPairsAsync(IDocumentOperations ops, IEnumerable<ContradictionClaim> codings, IEnumerable<string> named, CancellationToken ct)
    {
        var ids = codings.SelectMany(c => Opponents(c).Select(other => ContradictionIds.For(c.Id, other)))
            .Concat(named).Where(id => !_contradictions.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length > 0)
            foreach (var c in await StoredContradictions.LoadStoredAsync(ops, ids, ct)) Keep(c);
    }

    private void Keep(Contradiction contradiction)
    {
        _contradictions[contradiction.Id] = contradiction;
        foreach (var claimId in contradiction.ClaimIds)
        {
            if (!_pairsByClaim.TryGetValue(claimId, out var pairs)) _pairsByClaim[claimId] = pairs = new(StringComparer.Ordinal);
            pairs.Add(contradiction.Id);
        }
    }

    private Dictionary<string, ContradictionCandidate> Listed(string key)
    {
        if (!_candidates.TryGetValue(key, out var listed)) _candidates[key] = listed = new(StringComparer.Ordinal);
        return listed;
    }

    /// <summary>The subjects' counts and the clock their moments are recorded by, in one round trip.</summary>
    private async Task LoadCountsAsync(IDocumentOperations ops, string[] subjects, CancellationToken ct)
    {
        var query = ops.CreateBatchQuery();
        var counts = subjects.Length > 0 ? query.LoadMany<UnresolvedCount>().ById(subjects) : null;
        var clock = query.Load<ContradictionClock>(Time.RecordClock.Ledger);
        await query.Execute(ct);
        _clock = await clock ?? new ContradictionClock();
        if (counts is null) return;
        foreach (var count in await counts) _unresolved[count.Id] = count;
        // A subject without a count yet (its first contradiction, or a ledger from before counts were kept) starts from its pairs,
        // as does the resolved count of a ledger from before those were kept.
        foreach (var subject in subjects)
        {
            if (!_unresolved.TryGetValue(subject, out var count))
                _unresolved[subject] = count = new UnresolvedCount
                {
                    Id = subject, Count = await ops.Query<Contradiction>().CountAsync(c => c.Subject == subject && c.Active && !c.Resolved, ct),
                };
            if (count.Resolved is null)
            {
                count.Resolved = await ops.Query<Contradiction>().CountAsync(c => c.Subject == subject && c.Active && c.Resolved, ct);
                _dirty.Add(count);
            }
        }
    }

    /// <summary>
    /// Which of these sources are retracted, for the voices of the claims the batch compares with: only the ids, from the
    /// sources' retracted column (<see cref="ContradictionSource.ConfigureMarten"/>), not each source's document with the list
    /// of every claim citing it (what the batch's own sources are loaded with, to change).
    /// </summary>
    private async Task LoadRetractedAsync(IDocumentOperations ops, IEnumerable<string> ids, CancellationToken ct)
    {
        var others = ids.Where(id => !_sources.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (others.Length == 0) return;
        var retracted = await ops.AdvancedSql.QueryAsync<RetractedSource>($"""
            select json_build_object('sourceId', d.id) from {Postgres.DocumentTable.Of<ContradictionSource>(ops.DocumentStore)} as d
            where d.id = any(?) and d.retracted
            """, ct, [others]);
        _retracted.UnionWith(retracted.Select(r => r.SourceId));
    }

    // Not "Id": Marten reads a type with an Id as a document (id and data columns).
    private sealed record RetractedSource(string SourceId);

    private async Task LoadSourcesAsync(IDocumentOperations ops, IEnumerable<string> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !_sources.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0) return;
        foreach (var s in await ops.LoadManyAsync<ContradictionSource>(ct, missing)) _sources[s.Id] = s;
    }

    private async Task LoadClaimsAsync(IDocumentOperations ops, IEnumerable<string> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !_claims.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0) return;
        foreach (var c in await ops.LoadManyAsync<ContradictionClaim>(ct, missing)) _claims[c.Id] = c;
    }

    /// <summary>A loaded claim; written back only when <see cref="Changed"/> says it changed.</summary>
    public ContradictionClaim? Claim(string id) => _claims.GetValueOrDefault(id);

    public ContradictionSource Source(string id)
    {
        if (!_sources.TryGetValue(id, out var source)) _sources[id] = source = new ContradictionSource { Id = id };
        _dirty.Add(source);
        return source;
    }

    public Contradiction? Contradiction(string id) => _contradictions.GetValueOrDefault(id);

    /// <summary>
    /// The claims the claim has been paired with (loaded with the batch, or paired in it), as a list: evaluating the claim
    /// may pair it again while its callers go through these.
    /// </summary>
    public IReadOnlyList<string> PairedWith(string claimId) =>
        _pairsByClaim.TryGetValue(claimId, out var pairs) ? pairs.Select(id => _contradictions[id].Other(claimId)).ToList() : [];

    /// <summary>A document to write back at the end of the batch.</summary>
    public void Changed(object document) => _dirty.Add(document);

    /// <summary>The other claims listed under the claim's cells the other way, over valid times overlapping its own.</summary>
    public IEnumerable<string> Opponents(ContradictionClaim claim) => claim.Opposing()
        .SelectMany(key => _candidates.TryGetValue(key, out var listed) ? listed.Values : Enumerable.Empty<ContradictionCandidate>())
        .Where(c => c.ClaimId != claim.Id && c.Overlaps(claim.ValidStart!.Value, claim.ValidEnd!.Value))
        .Select(c => c.ClaimId);

    public ContradictionClaim Add(ContradictionClaim claim, string subject, IEnumerable<Effect> effects, string? validTime)
    {
        _claims[claim.Id] = claim;
        _dirty.Add(claim);
        Recode(claim, subject, effects, validTime);
        return claim;
    }

    /// <summary>A new coding: the claim is unlisted from the keys of its old one and listed under those of the new.</summary>
    public void Recode(ContradictionClaim claim, string subject, IEnumerable<Effect> effects, string? validTime)
    {
        _dirty.Add(claim);
        foreach (var key in claim.ListedUnder())
        {
            Listed(key).Remove(claim.Id);
            _listings[ContradictionCandidate.IdFor(key, claim.Id)] = null;
        }
        claim.Code(subject, effects, validTime);
        foreach (var key in claim.ListedUnder())
        {
            var candidate = new ContradictionCandidate
            {
                Id = ContradictionCandidate.IdFor(key, claim.Id), Key = key, ClaimId = claim.Id,
                ValidStart = claim.ValidStart!.Value, ValidEnd = claim.ValidEnd!.Value,
            };
            Listed(key)[claim.Id] = candidate;
            _listings[candidate.Id] = candidate;
        }
    }

    public void Support(ContradictionClaim claim, Evidence evidence)
    {
        if (!claim.Supports.Any(s => s.SourceId == evidence.SourceId))
            claim.Supports.Add(new ContradictionClaim.Support(evidence.SourceId, evidence.IndependenceKey));
        _dirty.Add(claim);
        var source = Source(evidence.SourceId);
        if (!source.ClaimIds.Contains(claim.Id)) source.ClaimIds.Add(claim.Id);
    }

    /// <summary>The original publishers behind the claim's evidence from sources not retracted.</summary>
    public HashSet<string> LiveVoices(ContradictionClaim claim) =>
        claim.Supports.Where(s => !(_sources.TryGetValue(s.SourceId, out var source) ? source.Retracted : _retracted.Contains(s.SourceId)))
            .Select(s => s.IndependenceKey).ToHashSet(StringComparer.Ordinal);

    public Contradiction Create(string id, ContradictionClaim a, ContradictionClaim b, IEvent e)
    {
        var contradiction = new Contradiction
        {
            Id = id, Subject = a.Subject, ClaimIds = [a.Id, b.Id], DetectedSequence = e.Sequence, DetectedAt = e.Timestamp, StoresConflicts = false,
        };
        Keep(contradiction);
        _dirty.Add(contradiction);
        return contradiction;
    }

    /// <summary>Whom a contradiction counts for now: its subject, and how it stands there.</summary>
    public static (string Subject, Standing Standing) StandingOf(Contradiction c) =>
        (c.Subject, !c.Active ? Contradictions.Standing.Inactive : c.Resolved ? Contradictions.Standing.Resolved : Contradictions.Standing.Unresolved);

    /// <summary>Moves the record time on to an event of the batch, in the ledger's order, before it is applied (<see cref="ContradictionClock"/>).</summary>
    public void Pass(IEvent e)
    {
        if (e.Timestamp <= _clock.Through) return;
        _clock.Record(e.Timestamp);
        _clockMoved = true;
    }

    /// <summary>
    /// Moves the subjects' counts after an event changed how a contradiction stands, and records each unresolved count it moved
    /// (what an as-of alignment reads).
    /// </summary>
    public void Recount((string Subject, Standing Standing) before, Contradiction contradiction, IEvent e)
    {
        var after = StandingOf(contradiction);
        if (before == after) return;
        Count(before, -1, e);
        Count(after, +1, e);
    }

    private void Count((string Subject, Standing Standing) standing, int by, IEvent e)
    {
        if (standing.Standing == Contradictions.Standing.Inactive) return;
        if (!_unresolved.TryGetValue(standing.Subject, out var count))
            throw new InvalidOperationException($"The contradiction counts of {standing.Subject} were not loaded with the batch.");
        _dirty.Add(count);
        if (standing.Standing == Contradictions.Standing.Resolved)
        {
            count.Resolved += by;
            return;
        }
        count.Count += by;
        // The ledger's record time; a subject's own is only ever later in a ledger projected before the clock was kept.
        if (_clock.Through > count.Through) count.Through = _clock.Through;
        var id = UnresolvedCountMoment.IdFor(standing.Subject, e.Sequence);
        if (!_moments.TryGetValue(id, out var moment))
            _moments[id] = moment = new UnresolvedCountMoment { Id = id, Subject = standing.Subject, Sequence = e.Sequence, Timestamp = count.Through };
        moment.Count = count.Count;
        _dirty.Add(moment);
    }

    /// <summary>
    /// Writes back what changed: one statement a document type (<see cref="Postgres.SetUpsert{T}"/>), not one a document; a busy
    /// subject's claim changes thousands of pairs, and a replay's save writes thousands of documents.
    /// </summary>
    public void Store(IDocumentOperations ops)
    {
        var pairs = _dirty.OfType<Contradiction>().ToList();
        // A pair's conflicts are stored only where its claims, written beside it, would not give them back.
        foreach (var pair in pairs) pair.StoresConflicts = pair.ConflictsNeedStoring(Claim);
        Contradictions.Contradiction.Rows.Queue(ops, pairs);
        ContradictionClaim.Rows.Queue(ops, _dirty.OfType<ContradictionClaim>().ToList());
        ContradictionSource.Rows.Queue(ops, _dirty.OfType<ContradictionSource>().ToList());
        UnresolvedCount.Rows.Queue(ops, _dirty.OfType<UnresolvedCount>().ToList());
        UnresolvedCountMoment.Rows.Queue(ops, _dirty.OfType<UnresolvedCountMoment>().ToList());
        if (_clockMoved) ops.Store(_clock);
        ContradictionCandidate.Rows.Queue(ops, _listings.Values.OfType<ContradictionCandidate>().ToList());
        foreach (var (id, candidate) in _listings)
            if (candidate is null) ops.Delete<ContradictionCandidate>(id);
    }
}
