using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// The documents one batch of events touches, loaded up front in a few round trips (never one per event) and written back
/// once: the claims the events name, the claims sharing a (subject, power, dimension) with them, the contradictions they are
/// in and the claims on the other side, and the sources behind all of them.
/// </summary>
public sealed class ContradictionBatch
{
    private readonly Dictionary<string, ContradictionClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContradictionSource> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContradictionKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contradiction> _contradictions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnresolvedCount> _unresolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnresolvedCountMoment> _moments = new(StringComparer.Ordinal);
    private readonly HashSet<object> _dirty = new(ReferenceEqualityComparer.Instance);

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

        var keys = batch._claims.Values.SelectMany(c => c.Keys)
            .Concat(data.OfType<ClaimExtracted>().SelectMany(x => x.Effects.Select(e => ContradictionKey.For(x.Subject, e))))
            .Concat(data.OfType<ClaimRecoded>().SelectMany(x => x.Effects.Select(e => ContradictionKey.For(x.Subject, e))))
            .Distinct().ToArray();
        if (keys.Length > 0)
            foreach (var key in await ops.LoadManyAsync<ContradictionKey>(ct, keys)) batch._keys[key.Id] = key;
        var contradictionIds = batch._claims.Values.SelectMany(c => c.ContradictionIds)
            .Concat(data.OfType<ContradictionResolved>().Select(r => r.ContradictionId)).Distinct().ToArray();
        if (contradictionIds.Length > 0)
            foreach (var c in await ops.LoadManyAsync<Contradiction>(ct, contradictionIds)) batch._contradictions[c.Id] = c;
        await batch.LoadClaimsAsync(ops, batch._keys.Values.SelectMany(k => k.ClaimIds)
            .Concat(batch._contradictions.Values.SelectMany(c => c.ClaimIds)), ct);
        await batch.LoadSourcesAsync(ops, batch._claims.Values.SelectMany(c => c.Supports.Select(s => s.SourceId)), ct);
        // Every contradiction this batch can change is about the subject of a claim loaded here or coded by one of its events.
        var subjects = batch._claims.Values.Select(c => c.Subject).Concat(batch._contradictions.Values.Select(c => c.Subject))
            .Concat(data.OfType<ClaimExtracted>().Select(x => x.Subject)).Concat(data.OfType<ClaimRecoded>().Select(x => x.Subject))
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        await batch.LoadUnresolvedAsync(ops, subjects, ct);
        return batch;
    }

    private async Task LoadUnresolvedAsync(IDocumentOperations ops, string[] subjects, CancellationToken ct)
    {
        if (subjects.Length == 0) return;
        foreach (var count in await ops.LoadManyAsync<UnresolvedCount>(ct, subjects)) _unresolved[count.Id] = count;
        // A subject without a count yet (its first contradiction, or a ledger from before counts were kept) starts from its pairs.
        foreach (var subject in subjects.Where(s => !_unresolved.ContainsKey(s)))
            _unresolved[subject] = new UnresolvedCount
            {
                Id = subject, Count = await ops.Query<Contradiction>().CountAsync(c => c.Subject == subject && c.Active && !c.Resolved, ct),
            };
    }

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

    /// <summary>A document to write back at the end of the batch.</summary>
    public void Changed(object document) => _dirty.Add(document);

    public IEnumerable<string> ClaimsMoving(string key) => _keys.TryGetValue(key, out var k) ? k.ClaimIds : [];

    public ContradictionClaim Add(ContradictionClaim claim, string subject, IEnumerable<Effect> effects, string? validTime)
    {
        _claims[claim.Id] = claim;
        _dirty.Add(claim);
        Recode(claim, subject, effects, validTime);
        return claim;
    }

    /// <summary>A new coding: the claim leaves the keys it no longer moves and joins the ones it now does.</summary>
    public void Recode(ContradictionClaim claim, string subject, IEnumerable<Effect> effects, string? validTime)
    {
        _dirty.Add(claim);
        foreach (var key in claim.Keys) Key(key).ClaimIds.Remove(claim.Id);
        var valid = Time.ValidTime.TryParse(validTime, out var v) ? v : null;
        (claim.Subject, claim.Effects, claim.ValidStart, claim.ValidEnd) = (subject, effects.ToList(), valid?.Start, valid?.End);
        foreach (var key in claim.Keys)
        {
            var k = Key(key);
            if (!k.ClaimIds.Contains(claim.Id)) k.ClaimIds.Add(claim.Id);
        }
    }

    private ContradictionKey Key(string id)
    {
        if (!_keys.TryGetValue(id, out var key)) _keys[id] = key = new ContradictionKey { Id = id };
        _dirty.Add(key);
        return key;
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
        claim.Supports.Where(s => !(_sources.TryGetValue(s.SourceId, out var source) && source.Retracted))
            .Select(s => s.IndependenceKey).ToHashSet(StringComparer.Ordinal);

    public Contradiction Create(string id, ContradictionClaim a, ContradictionClaim b, IEvent e)
    {
        var contradiction = new Contradiction
        {
            Id = id, Subject = a.Subject, ClaimIds = [a.Id, b.Id], DetectedSequence = e.Sequence, DetectedAt = e.Timestamp,
        };
        _contradictions[id] = contradiction;
        _dirty.Add(contradiction);
        a.ContradictionIds.Add(id);
        b.ContradictionIds.Add(id);
        _dirty.Add(a);
        _dirty.Add(b);
        return contradiction;
    }

    /// <summary>Whom a contradiction counts for now: its subject, and whether it stands unresolved there.</summary>
    public static (string Subject, bool Unresolved) Standing(Contradiction c) => (c.Subject, c.Active && !c.Resolved);

    /// <summary>Moves the subjects' unresolved counts after an event changed a contradiction, and records each count it moved.</summary>
    public void Recount((string Subject, bool Unresolved) before, Contradiction contradiction, IEvent e)
    {
        var after = Standing(contradiction);
        if (before == after) return;
        if (before.Unresolved) Count(before.Subject, -1, e);
        if (after.Unresolved) Count(after.Subject, +1, e);
    }

    private void Count(string subject, int by, IEvent e)
    {
        if (!_unresolved.TryGetValue(subject, out var count))
            throw new InvalidOperationException($"The unresolved count of {subject} was not loaded with the batch.");
        count.Count += by;
        _dirty.Add(count);
        var id = UnresolvedCountMoment.IdFor(subject, e.Sequence);
        if (!_moments.TryGetValue(id, out var moment))
            _moments[id] = moment = new UnresolvedCountMoment { Id = id, Subject = subject, Sequence = e.Sequence, Timestamp = e.Timestamp };
        moment.Count = count.Count;
        _dirty.Add(moment);
    }

    public void Store(IDocumentOperations ops)
    {
        foreach (var doc in _dirty)
        {
            switch (doc)
            {
                case ContradictionClaim c: ops.Store(c); break;
                case ContradictionSource s: ops.Store(s); break;
                case ContradictionKey k: ops.Store(k); break;
                case Contradiction c: ops.Store(c); break;
                case UnresolvedCount c: ops.Store(c); break;
                case UnresolvedCountMoment m: ops.Store(m); break;
            }
        }
    }
}
