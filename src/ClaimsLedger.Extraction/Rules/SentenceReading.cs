using ClaimsLedger.Extraction.Lexicon;
using ClaimsLedger.Extraction.Text;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>What one sentence names and signals: the raw material the claim rules decide from.</summary>
internal sealed class SentenceReading
{
    public required IReadOnlyList<Token> Tokens { get; init; }
    public List<(string Code, int At)> Entities { get; } = [];
    public List<(string Id, int At)> Organisations { get; } = [];
    /// <summary>Direction cues after negation: +weight toward, −weight away.</summary>
    public List<(int At, double Signed)> Directions { get; } = [];
    public List<int> Displacements { get; } = [];
    public Dictionary<string, int> DimensionVotes { get; } = new(StringComparer.Ordinal);
    /// <summary>Cues that say a relationship moved (not merely that one exists).</summary>
    public int Signals { get; private set; }
    public bool Membership { get; private set; }
    public int Strong { get; private set; }
    public int Weak { get; private set; }
    public int Hedges { get; private set; }
    public bool Anaphor { get; private set; }

    // Away cues weigh more: toward cues include topical words (ties, influence, trade) that appear whatever the
    // direction, while loss words (eroding, refused, froze) are said only when ties weaken.
    private const double TowardWeight = 1, AwayWeight = 2, TopicalWeight = 0.5;
    private const int NegationWindow = 7;

    public static SentenceReading Read(IReadOnlyList<Token> tokens, PhraseIndex index)
    {
        var reading = new SentenceReading { Tokens = tokens };
        var hits = index.Scan(tokens);
        var negations = new List<int>();
        foreach (var hit in hits)
            foreach (var lexeme in hit.Lexemes)
            {
                switch (lexeme.Kind)
                {
                    case Cue.Entity: reading.Entities.Add((lexeme.Value, hit.First)); break;
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
                    case Cue.Anaphor: reading.Anaphor = true; break;
                    case Cue.Dimension:
                        reading.DimensionVotes[lexeme.Value] = reading.DimensionVotes.GetValueOrDefault(lexeme.Value) + 1;
                        break;
                }
            }
        for (var t = 0; t < tokens.Count; t++)
            if (tokens[t].Key.EndsWith("n't", StringComparison.Ordinal)) negations.Add(t);
        reading.ApplyNegation(negations);
        return reading;
    }

    // A negation flips the first direction cue that follows it closely ("not a single official has voiced support",
    // "promised not to help"), and only that one: later cues are outside its scope.
    private void ApplyNegation(List<int> negations)
    {
        var flipped = new HashSet<int>();
        foreach (var n in negations)
        {
            var i = Directions.FindIndex(d => d.At > n && d.At - n <= NegationWindow);
            // "not a single" also contains "not": one negation, one flip.
            if (i >= 0 && flipped.Add(i)) Directions[i] = (Directions[i].At, -Directions[i].Signed);
        }
    }
}
