using ClaimsLedger.Extraction.Lexicon;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>
/// A sentence cut into clauses, and the rules that keep a cue, a subject and a power to the clause they share:
/// "A welcomed B, while C leaned on D" is two claims' worth of actors, not one claim moving all four.
/// </summary>
internal sealed class Clauses
{
    // A power further than this from every direction cue is a bystander in a sentence naming several powers.
    private const int CueReach = 8;
    // A list item is a word or two ("political", "South Korea"); a longer stretch before ", and" is a clause.
    private const int ListItemReach = 3;

    private readonly SentenceReading _r;
    private readonly Vocabulary _vocabulary;
    private readonly int[] _clause;

    /// <summary>Clause number of each token: a semicolon, colon or dash, or a comma before a linking word
    /// ("…, while", "…, but"), or "while"/"whereas" alone, opens a new clause.</summary>
    public Clauses(SentenceReading r, Vocabulary vocabulary)
    {
        (_r, _vocabulary) = (r, vocabulary);
        _clause = new int[r.Tokens.Count];
        var lastComma = -ListItemReach - 1;
        for (var i = 1; i < _clause.Length; i++)
        {
            var (gap, key) = (r.Tokens[i].Gap, r.Tokens[i].Key);
            // "economic, political, and even military ties": an "and" closing a list of short items joins, not opens.
            var closesList = key == "and" && i - lastComma <= ListItemReach;
            var opens = gap.IndexOfAny([';', ':', '—', '–']) >= 0
                        || (gap.Contains(',') && vocabulary.ClauseLinksAfterComma.Contains(key) && !closesList)
                        || vocabulary.ClauseLinksAlone.Contains(key);
            if (gap.Contains(',')) lastComma = i;
            _clause[i] = _clause[i - 1] + (opens ? 1 : 0);
        }
    }

    /// <summary>Whether the name at <paramref name="at"/> is the first name of its clause ("India joined …") and the
    /// clause names none of <paramref name="others"/>.</summary>
    public bool Leads(int at, IReadOnlyCollection<string> others)
    {
        var clause = _r.Entities.Where(e => _clause[e.At] == _clause[at]).ToList();
        return clause.Min(e => e.At) == at && !clause.Any(e => others.Contains(e.Code));
    }

    /// <summary>The powers named in the subject's own clause.</summary>
    public IEnumerable<string> PowersBeside(string subject)
    {
        var own = _r.Entities.Where(e => e.Code == subject).Select(e => _clause[e.At]).ToHashSet();
        return _r.Entities.Where(e => e.Code != subject && own.Contains(_clause[e.At]) && _vocabulary.Powers.Contains(e.Code)).Select(e => e.Code).Distinct();
    }

    /// <summary>A cue moves only the powers near it in its own clause: in "A welcomed B, while C watched" C is a bystander.</summary>
    public bool NearCue(string power) =>
        _r.Entities.Where(e => e.Code == power).Select(e => e.At)
            .Concat(_r.Organisations.Select(o => o.At))
            .Any(at => _r.Directions.Any(d => Math.Abs(d.At - at) <= CueReach && _clause[d.At] == _clause[at])
                       || _r.Displacements.Any(d => Math.Abs(d - at) <= CueReach && _clause[d] == _clause[at]));

    /// <summary>With several powers, each takes the direction of the cues in its own clause ("X's influence wanes as
    /// Y's grows"); a power whose clause has no cue takes the sentence's.</summary>
    public string OwnDirection(string power, string fallback)
    {
        var own = _r.Entities.Where(e => e.Code == power).Select(e => _clause[e.At]).ToHashSet();
        var cues = _r.Directions.Where(d => own.Contains(_clause[d.At])).ToList();
        return cues.Count == 0 ? fallback : cues.Sum(d => d.Signed) < 0 ? "away" : "toward";
    }

    /// <summary>"A courts B, while C leans on D": a subject is tied to the powers of its own clause when it shares one
    /// with any; a displaced power is the exception, since "…, and it comes at B's expense" reaches back across.</summary>
    public List<CandidateEffect> SameClause(string subject, List<CandidateEffect> effects, HashSet<string> losers)
    {
        var own = _r.Entities.Where(e => e.Code == subject).Select(e => _clause[e.At]).ToHashSet();
        if (own.Count == 0) return effects;
        var shared = effects.Where(e => losers.Contains(e.Power)
                                        || _r.Entities.Any(x => x.Code == e.Power && own.Contains(_clause[x.At]))
                                        || _r.Organisations.Any(o => own.Contains(_clause[o.At]) && _vocabulary.Organisations[o.Id].Powers.Contains(e.Power)))
            .ToList();
        return shared.Count > 0 ? shared : effects;
    }

}
