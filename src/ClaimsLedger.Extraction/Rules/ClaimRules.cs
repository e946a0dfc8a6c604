using ClaimsLedger.Extraction.Lexicon;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>One subject's effects found in a sentence, before statement, time and evidence are attached.</summary>
internal sealed record Finding(string Subject, IReadOnlyList<CandidateEffect> Effects);

/// <summary>What earlier sentences named, for a pronoun to stand for: a country ("it") and a region ("they").</summary>
internal sealed record Antecedents(string? Country, string? Region);

/// <summary>Decides who moves, toward or away from whom, in which dimension and how strongly.</summary>
internal sealed class ClaimRules(Vocabulary vocabulary)
{
    private const int DisplaceWindow = 5;
    // A sentence naming this many countries is a roll-call (leaders at a summit), not one claim about each.
    private const int RollCall = 6;

    // Three titled leaders ("President A, President B and Prime Minister C") make a caption or an attendance list.
    private const int RollCallTitles = 3;
    // "relies heavily on China": the patron is named within a few words after the cue.
    private const int PatronReach = 4;
    // A pronoun standing for an earlier country opens its sentence ("Its exports …", "Despite its size, …"); further
    // in, "its" belongs to whatever the sentence has just named ("as the group expanded its membership").
    private const int PronounReach = 4;

    public List<Finding> Decide(SentenceReading r, Antecedents antecedents)
    {
        if (r.Titles >= RollCallTitles) return [];
        var strength = r.Strong > 0 ? 3 : r.Weak > 0 ? 1 : 2;
        // "Mr Putin relies heavily on China …": the sentence is about the client leaning on its patron, whatever else
        // it names.
        if (Dependence(r) is { ClientFirst: true } leaning)
            return [new Finding(leaning.Client, [new CandidateEffect(leaning.Patron, Dimension(r), "toward", strength)])];
        var clauses = new Clauses(r, vocabulary);
        var subjects = Subjects(r, clauses, antecedents);
        if (subjects.Count == 0) return [];
        // "X is a member of the CSTO", "the SCO, founded by … along with Kazakhstan": membership in an organisation
        // is a standing tie to the powers that lead it, in the organisation's own dimension.
        if (r.Organisations.Count > 0 && r.Membership)
            return Membership(r, clauses, subjects);
        // "ties", "influence", "summit" alone describe a relationship; a claim needs a word saying it moved.
        if (r.Signals == 0 && r.Strong == 0) return [];
        var powers = Powers(r).Where(p => !subjects.Contains(p)).ToList();
        // A list of members ("founded by A and B along with C, D, E and F") is a claim about each; other long lists
        // are roll-calls.
        if (subjects.Count + powers.Count >= RollCall && !r.Membership) return [];
        if (powers.Count > 1) powers = powers.Where(clauses.NearCue).DefaultIfEmpty(powers[0]).ToList();
        if (powers.Count == 0) return [];
        var losers = Losers(r, r.Displacements);
        var sum = r.Directions.Sum(d => d.Signed);
        var direction = sum < 0 ? "away" : "toward";
        var dimension = Dimension(r);
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

    private List<Finding> Membership(SentenceReading r, Clauses clauses, List<string> subjects)
    {
        var away = r.Directions.Sum(d => d.Signed) < 0 && r.Directions.Any(d => d.Signed < 0);
        var findings = new List<Finding>();
        // One sentence ties a subject to a power once: "a member of A, as well as B" (both led by the same power)
        // restates one alignment, named by the first organisation.
        var tied = new HashSet<(string, string)>();
        foreach (var id in r.Organisations.Select(o => o.Id).Distinct())
        {
            var (leaders, dimension) = vocabulary.Organisations[id];
            foreach (var s in subjects.Where(s => !leaders.Contains(s)))
            {
                // "India joined the SCO at the behest of Russia, while Pakistan joined at the encouragement of China":
                // a power named beside the subject says whose bloc it joined.
                var named = clauses.PowersBeside(s).Where(leaders.Contains).ToList();
                var effects = (named.Count > 0 ? named : leaders.ToList()).Where(p => tied.Add((s, p)))
                    .Select(p => new CandidateEffect(p, dimension, away ? "away" : "toward", 2)).ToList();
                if (effects.Count > 0) findings.Add(new Finding(s, effects));
            }
        }
        return findings;
    }

    /// <summary>
    /// The countries whose alignment moves: the non-powers named, a region only when none of its countries is named
    /// (or all of them are, which is the region); else a power the sentence is about (see <see cref="PowerSubject"/>);
    /// else what a pronoun stands for.
    /// </summary>
    private List<string> Subjects(SentenceReading r, Clauses clauses, Antecedents antecedents)
    {
        var named = r.Entities.Select(e => e.Code).Where(c => !vocabulary.ContextOnly.Contains(c)).Distinct().ToList();
        var minor = named.Where(c => !vocabulary.Powers.Contains(c)).ToList();
        foreach (var (region, members) in vocabulary.RegionMembers)
        {
            if (members.All(minor.Contains)) { minor.RemoveAll(members.Contains); if (!minor.Contains(region)) minor.Add(region); }
            else if (minor.Any(members.Contains)) minor.Remove(region);
        }
        // "India joined …, while Pakistan …": a power the ledger tracks that opens a clause of its own, naming none of
        // the other subjects, is a subject too ("India overtook Russia as Armenia's supplier" is about Armenia).
        if (minor.Count > 0)
            return minor.Concat(r.Entities.Where(e => IsTrackedPower(r, e) && clauses.Leads(e.At, minor)).Select(e => e.Code)).Distinct().ToList();
        if (PowerSubject(r) is { } power) return [power];
        if (antecedents.Country is { } country && r.SingularAnaphors.Any(Stands)) return [country];
        if (antecedents.Region is { } region1 && r.GroupAnaphors.Any(Stands)) return [region1];
        return [];

        // A pronoun after a name in the same sentence stands for that name ("Russia … its ability"), and "he said"
        // is the speaker; noun phrases ("the country", "these states") reach back wherever they stand.
        bool Stands((int At, bool Pronoun) a) =>
            !a.Pronoun || (a.At < PronounReach && r.Entities.All(e => e.At > a.At)
                           && !(a.At + 1 < r.Tokens.Count && vocabulary.Attributions.Contains(r.Tokens[a.At + 1].Key)));
    }

    /// <summary>"Moscow relies on Beijing", "heavily dependent on China, the Kremlin …": the power named within a few
    /// words after a dependence cue is the patron; the nearest other power, the client.</summary>
    private (string Client, string Patron, bool ClientFirst)? Dependence(SentenceReading r)
    {
        var powers = r.Entities.Where(e => vocabulary.Powers.Contains(e.Code)).ToList();
        foreach (var cue in r.Dependences)
        {
            var patron = powers.Where(p => p.At > cue && p.At - cue <= PatronReach && r.Tokens[p.At - 1].Key is "on" or "upon" or "to" or "of" or "from")
                .Select(p => p.Code).FirstOrDefault();
            if (patron is null) continue;
            var client = powers.Where(p => p.Code != patron).OrderBy(p => Math.Abs(p.At - cue)).FirstOrDefault();
            if (client.Code is not null) return (client.Code, patron, client.At < cue && cue - client.End <= PatronReach);
        }
        return null;
    }

    /// <summary>
    /// A sentence naming only powers is about one of them when it says that one leans on another ("Moscow relies on
    /// Beijing": the one that is not the patron), or when it names a power the ledger tracks (Turkey, India …) beside a
    /// major one, not as its partner in a joint act ("China and Turkey step up their efforts" is about neither).
    /// </summary>
    private string? PowerSubject(SentenceReading r)
    {
        var powers = r.Entities.Where(e => vocabulary.Powers.Contains(e.Code)).ToList();
        if (powers.Select(p => p.Code).Distinct().Count() < 2) return null;
        if (Dependence(r) is { } dependence) return dependence.Client;
        // A power after a preposition is a destination or a partner, not the one whose alignment moves: "Putin could
        // travel to Turkey", "the United States allied with Japan".
        return powers.Where(p => IsTrackedPower(r, p))
            .Select(p => p.Code).OrderByDescending(c => Array.IndexOf(vocabulary.Powers, c)).FirstOrDefault();
    }

    private bool IsTrackedPower(SentenceReading r, (string Code, int At, int End) p) =>
        vocabulary.Powers.Contains(p.Code) && !vocabulary.MajorPowers.Contains(p.Code) && !AfterPreposition(r, p.At) && !Coordinated(r, p);

    private bool AfterPreposition(SentenceReading r, int at) =>
        at > 0 && r.Tokens[at - 1].Gap.Length == 0 && vocabulary.Prepositions.Contains(r.Tokens[at - 1].Key);

    // "China and Turkey", "Turkey and Russia": a power joined by "and" to another acts with it.
    private bool Coordinated(SentenceReading r, (string Code, int At, int End) power) =>
        r.Entities.Any(e => e.Code != power.Code && vocabulary.Powers.Contains(e.Code)
                            && ((e.At == power.End + 1 && r.Tokens[power.End].Key == "and")
                                || (power.At == e.End + 1 && r.Tokens[e.End].Key == "and")));

    private IEnumerable<string> Powers(SentenceReading r)
    {
        var denied = Losers(r, r.DeniedDisplacements);
        // "founded by China and Russia along with …, and expanded to include India": in a list of members only the
        // major powers lead; the others are members.
        var listOfMembers = r.Membership && r.Organisations.Count == 0;
        return r.Entities.Select(e => e.Code).Where(vocabulary.Powers.Contains)
            .Where(p => !denied.Contains(p) && (!listOfMembers || vocabulary.MajorPowers.Contains(p)))
            .Concat(r.Organisations.SelectMany(o => vocabulary.Organisations[o.Id].Powers))
            .Distinct();
    }

    /// <summary>Powers named right after a displacement cue ("overtook Russia", "rather than Moscow") or just before
    /// "expense" ("at Moscow's expense").</summary>
    private HashSet<string> Losers(SentenceReading r, IEnumerable<int> displacements)
    {
        var losers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var at in displacements)
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
