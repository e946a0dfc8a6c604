using ClaimsLedger.Extraction.Lexicon;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>One subject's effects found in a sentence, before statement, time and evidence are attached.</summary>
internal sealed record Finding(string Subject, IReadOnlyList<CandidateEffect> Effects);

/// <summary>Decides who moves, toward or away from whom, in which dimension and how strongly.</summary>
internal sealed class ClaimRules(Vocabulary vocabulary)
{
    private const int DisplaceWindow = 5;
    // A sentence naming this many countries is a roll-call (leaders at a summit), not one claim about each.
    private const int RollCall = 6;

    public List<Finding> Decide(SentenceReading r, string? carriedSubject)
    {
        var subjects = Subjects(r, carriedSubject);
        if (subjects.Count == 0) return [];
        // "X is a member of the CSTO", "the SCO, founded by … along with Kazakhstan": membership in an organisation
        // is a standing tie to the powers that lead it, in the organisation's own dimension.
        if (r.Organisations.Count > 0 && r.Membership)
            return Membership(r, subjects);
        // "ties", "influence", "summit" alone describe a relationship; a claim needs a word saying it moved.
        if (r.Signals == 0 && r.Strong == 0) return [];
        var powers = Powers(r).Where(p => !subjects.Contains(p)).ToList();
        // A list of members ("founded by A and B along with C, D, E and F") is a claim about each; other long lists
        // are roll-calls.
        if (subjects.Count + powers.Count >= RollCall && !r.Membership) return [];
        var clauses = new Clauses(r, vocabulary);
        if (powers.Count > 1) powers = powers.Where(clauses.NearCue).DefaultIfEmpty(powers[0]).ToList();
        if (powers.Count == 0) return [];
        var losers = Losers(r);
        var sum = r.Directions.Sum(d => d.Signed);
        var direction = sum < 0 ? "away" : "toward";
        var dimension = Dimension(r);
        var strength = r.Strong > 0 ? 3 : r.Weak > 0 ? 1 : 2;
        var effects = powers
            .Select(p => losers.Contains(p) && powers.Count > 1
                ? new CandidateEffect(p, dimension, "away", 1)
                : new CandidateEffect(p, dimension, DirectionOf(p), strength))
            // The gainer first, then the loser: the order the seed analysts use.
            .OrderBy(e => e.Direction == "away" ? 1 : 0).ToList();
        return subjects.Select(s => new Finding(s, clauses.SameClause(s, effects, losers))).Where(f => f.Effects.Count > 0).ToList();

        string DirectionOf(string power) =>
            powers.Count == 1 ? direction
            // One power's loss is the other's gain: beside a loser, the rest move toward whatever the loss words say.
            : losers.Count > 0 ? "toward"
            : clauses.OwnDirection(power, direction);
    }

    private List<Finding> Membership(SentenceReading r, List<string> subjects)
    {
        var away = r.Directions.Sum(d => d.Signed) < 0 && r.Directions.Any(d => d.Signed < 0);
        var findings = new List<Finding>();
        // One sentence ties a subject to a power once: "a member of A, as well as B" (both led by the same power)
        // restates one alignment, named by the first organisation.
        var tied = new HashSet<(string, string)>();
        foreach (var id in r.Organisations.Select(o => o.Id).Distinct())
        {
            var (powers, dimension) = vocabulary.Organisations[id];
            foreach (var s in subjects.Where(s => !powers.Contains(s)))
            {
                var effects = powers.Where(p => tied.Add((s, p))).Select(p => new CandidateEffect(p, dimension, away ? "away" : "toward", 2)).ToList();
                if (effects.Count > 0) findings.Add(new Finding(s, effects));
            }
        }
        return findings;
    }

    /// <summary>
    /// The countries whose alignment moves: the non-powers named, a region only when none of its countries is named
    /// (or all of them are, which is the region); among powers alone, the least power-like (Russia relying on China).
    /// </summary>
    private List<string> Subjects(SentenceReading r, string? carried)
    {
        var named = r.Entities.Select(e => e.Code).Where(c => !vocabulary.ContextOnly.Contains(c)).Distinct().ToList();
        var minor = named.Where(c => !vocabulary.Powers.Contains(c)).ToList();
        foreach (var (region, members) in vocabulary.RegionMembers)
        {
            if (members.All(minor.Contains)) { minor.RemoveAll(members.Contains); if (!minor.Contains(region)) minor.Add(region); }
            else if (minor.Any(members.Contains)) minor.Remove(region);
        }
        if (minor.Count > 0) return minor;
        var powers = Powers(r).ToList();
        if (powers.Count >= 2 && named.Count >= 2)
            return [named.OrderByDescending(c => Array.IndexOf(vocabulary.Powers, c)).First()];
        return carried is not null && r.Anaphor ? [carried] : [];
    }

    private IEnumerable<string> Powers(SentenceReading r) =>
        r.Entities.Select(e => e.Code).Where(vocabulary.Powers.Contains)
            .Concat(r.Organisations.SelectMany(o => vocabulary.Organisations[o.Id].Powers))
            .Distinct();

    /// <summary>Powers named right after a displacement cue ("overtook Russia", "rather than Moscow") or just before
    /// "expense" ("at Moscow's expense").</summary>
    private HashSet<string> Losers(SentenceReading r)
    {
        var losers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var at in r.Displacements)
        {
            var after = r.Entities.Where(e => e.At > at && e.At - at <= DisplaceWindow && vocabulary.Powers.Contains(e.Code))
                .OrderBy(e => e.At).Select(e => e.Code).FirstOrDefault();
            var before = r.Tokens[at].Key == "expense"
                ? r.Entities.Where(e => e.At < at && at - e.At <= 2).Select(e => e.Code).LastOrDefault() : null;
            if ((before ?? after) is { } loser) losers.Add(loser);
        }
        return losers;
    }

    private string Dimension(SentenceReading r)
    {
        var votes = new Dictionary<string, int>(r.DimensionVotes, StringComparer.Ordinal);
        foreach (var (id, _) in r.Organisations)
        {
            var d = vocabulary.Organisations[id].Dimension;
            votes[d] = votes.GetValueOrDefault(d) + 2;
        }
        if (votes.Count == 0) return "diplomatic";
        var best = votes.Values.Max();
        // On a tie the more specific dimension wins: "gas pipeline talks" are about energy, not diplomacy.
        return vocabulary.DimensionPriority.First(d => votes.GetValueOrDefault(d) == best);
    }
}
