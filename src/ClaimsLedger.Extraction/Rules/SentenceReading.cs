using ClaimsLedger.Extraction.Lexicon;
using ClaimsLedger.Extraction.Text;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>What one sentence names and signals: the raw material the claim rules decide from.</summary>
internal sealed class SentenceReading
{
    public required IReadOnlyList<Token> Tokens { get; init; }
    /// <summary>Names of countries and powers at tokens [At, End).</summary>
    public List<(string Code, int At, int End)> Entities { get; } = [];
    public List<(string Id, int At)> Organisations { get; } = [];
    /// <summary>Direction cues after negation: +weight toward, −weight away.</summary>
    public List<(int At, double Signed)> Directions { get; } = [];
    public List<int> Displacements { get; } = [];
    /// <summary>Displacements a negation denies ("not … at America's expense"): the power they name loses nothing.</summary>
    public List<int> DeniedDisplacements { get; } = [];
    public Dictionary<string, int> DimensionVotes { get; } = new(StringComparer.Ordinal);
    /// <summary>Cues that say a relationship moved (not merely that one exists).</summary>
    public int Signals { get; private set; }
    public bool Membership { get; private set; }
    public int Strong { get; private set; }
    public int Weak { get; private set; }
    public int Hedges { get; private set; }
    /// <summary>Where a word stands for one country named earlier ("the country", "its", "the Central Asian nation").</summary>
    public List<(int At, bool Pronoun)> SingularAnaphors { get; } = [];
    /// <summary>Where a word stands for a group named earlier ("they", "these countries", "the region").</summary>
    public List<(int At, bool Pronoun)> GroupAnaphors { get; } = [];
    /// <summary>Where a cue says one party leans on another ("relies on", "dependent on").</summary>
    public List<int> Dependences { get; } = [];
    /// <summary>Leaders' titles ("President", "Prime Minister"): three make a roll-call.</summary>
    public int Titles { get; private set; }

    // Away cues weigh more: toward cues include topical words (ties, influence, trade) that appear whatever the
    // direction, while loss words (eroding, refused, froze) are said only when ties weaken.
    private const double TowardWeight = 1, AwayWeight = 2, TopicalWeight = 0.5;
    private const int NegationWindow = 7;

    public static SentenceReading Read(IReadOnlyList<Token> tokens, Vocabulary vocabulary)
    {
        var reading = new SentenceReading { Tokens = tokens };
        var hits = vocabulary.Index.Scan(tokens);
        var negations = new List<int>();
        foreach (var hit in hits)
            foreach (var lexeme in hit.Lexemes)
            {
                switch (lexeme.Kind)
                {
                    case Cue.Entity when IsRegionAdjective(hit, lexeme.Value):
                        reading.SingularAnaphors.Add((hit.First, false));
                        break;
                    case Cue.Entity: reading.Entities.Add((lexeme.Value, hit.First, hit.First + hit.Length)); break;
                    case Cue.Organisation: reading.Organisations.Add((lexeme.Value, hit.First)); break;
                    case Cue.Toward: reading.Directions.Add((hit.First, TowardWeight)); reading.Signals++; break;
                    case Cue.Topical: reading.Directions.Add((hit.First, TopicalWeight)); break;
                    case Cue.Away: reading.Directions.Add((hit.First, -AwayWeight)); reading.Signals++; break;
                    case Cue.Displace: reading.Displacements.Add(hit.First); reading.Signals++; break;
                    case Cue.Membership: reading.Membership = true; break;
                    case Cue.Negation: negations.Add(hit.First + hit.Length - 1); break;
                    case Cue.Strong: reading.Strong++; break;
                    case Cue.Weak: reading.Weak++; break;
                    case Cue.Hedge: reading.Hedges++; break;
                    case Cue.SingularAnaphor: reading.SingularAnaphors.Add((hit.First, hit.Length == 1)); break;
                    case Cue.GroupAnaphor: reading.GroupAnaphors.Add((hit.First, hit.Length == 1)); break;
                    case Cue.Dependence: reading.Dependences.Add(hit.First); break;
                    case Cue.Title: reading.Titles++; break;
                    case Cue.Dimension:
                        reading.DimensionVotes[lexeme.Value] = reading.DimensionVotes.GetValueOrDefault(lexeme.Value) + 1;
                        break;
                }
            }
        for (var t = 0; t < tokens.Count; t++)
            if (tokens[t].Key.EndsWith("n't", StringComparison.Ordinal)) negations.Add(t);
        reading.ApplyNegation(negations);
        return reading;

        // "the Central Asian nation": one country of the region, spoken of again.
        bool IsRegionAdjective(Hit hit, string code) =>
            vocabulary.RegionMembers.ContainsKey(code) && hit.First + hit.Length < tokens.Count
            && vocabulary.RegionAdjectiveNouns.Contains(tokens[hit.First + hit.Length].Key);
    }

    // A negation flips the first direction cue that follows it closely ("not a single official has voiced support",
    // "promised not to help"), and only that one: later cues are outside its scope. It cancels a displacement as close.
    private void ApplyNegation(List<int> negations)
    {
        var flipped = new HashSet<int>();
        foreach (var n in negations)
        {
            var i = Directions.FindIndex(d => d.At > n && d.At - n <= NegationWindow);
            // "not a single" also contains "not": one negation, one flip.
            if (i >= 0 && flipped.Add(i)) Directions[i] = (Directions[i].At, -Directions[i].Signed);
            // "not … at Moscow's expense": a denied displacement displaces no one; "pipelines that don't rely on
            // Russia" states no dependence.
            DeniedDisplacements.AddRange(Displacements.Where(d => d > n && d - n <= NegationWindow));
            Displacements.RemoveAll(d => d > n && d - n <= NegationWindow);
            Dependences.RemoveAll(d => d > n && d - n <= NegationWindow);
        }
    }
}
