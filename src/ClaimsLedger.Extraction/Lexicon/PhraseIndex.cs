using ClaimsLedger.Extraction.Text;

namespace ClaimsLedger.Extraction.Lexicon;

/// <summary>Inert: an event ("the war in Ukraine") or an idiom ("social distance"), read whole and meaning nothing.</summary>
internal enum Cue { Entity, Organisation, Inert, Toward, Topical, Away, Displace, Membership, Negation, Strong, Weak, Hedge, SingularAnaphor, GroupAnaphor, Dependence, Title, Dimension }

/// <summary>What a phrase means; Value is the country code, organisation id or dimension name where one applies.</summary>
internal sealed record Lexeme(Cue Kind, string Value = "");

/// <summary>A phrase found at tokens [First, First + Length) of a sentence.</summary>
internal sealed record Hit(int First, int Length, IReadOnlyList<Lexeme> Lexemes);

/// <summary>Longest-match phrase lookup over tokens, keyed by the first word.</summary>
internal sealed class PhraseIndex
{
    private sealed record Entry(Token[] Words, List<Lexeme> Lexemes);

    private readonly Dictionary<string, List<Entry>> _byFirst = new(StringComparer.Ordinal);

    public void Add(string phrase, Lexeme lexeme)
    {
        var words = Tokenizer.Tokenize(phrase).ToArray();
        if (words.Length == 0) return;
        if (!_byFirst.TryGetValue(words[0].Key, out var list)) _byFirst[words[0].Key] = list = [];
        var same = list.FirstOrDefault(e => e.Words.Select(w => w.Raw).SequenceEqual(words.Select(w => w.Raw)));
        if (same is null) list.Add(new Entry(words, [lexeme]));
        else if (!same.Lexemes.Contains(lexeme)) same.Lexemes.Add(lexeme);
        // Longest first, so the first entry that matches is the longest.
        list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    public List<Hit> Scan(IReadOnlyList<Token> tokens)
    {
        var hits = new List<Hit>();
        var i = 0;
        while (i < tokens.Count)
        {
            var found = _byFirst.TryGetValue(tokens[i].Key, out var list) ? list.Where(e => Matches(e.Words, tokens, i)).ToList() : [];
            if (found.Count == 0) { i++; continue; }
            // A name is read whole and once ("Xi Jinping", not "Xi" too); cue words may overlap
            // ("trading partner" is economic, "partner" inside it still a tie).
            if (found[0].Lexemes.Any(l => l.Kind is Cue.Entity or Cue.Organisation or Cue.Inert))
            {
                hits.Add(new Hit(i, found[0].Words.Length, found[0].Lexemes));
                i += found[0].Words.Length;
                continue;
            }
            foreach (var e in found) hits.Add(new Hit(i, e.Words.Length, e.Lexemes));
            i++;
        }
        return hits;
    }

    private static bool Matches(Token[] words, IReadOnlyList<Token> tokens, int at)
    {
        if (at + words.Length > tokens.Count) return false;
        for (var k = 0; k < words.Length; k++)
        {
            var (w, t) = (words[k], tokens[at + k]);
            if (w.Key != t.Key) return false;
            // A possessive only ends a phrase ("Kazakhstan's"), never sits inside one.
            if (t.Possessive && k < words.Length - 1) return false;
            if (!CaseFits(w, t, words.Length == 1)) return false;
        }
        return true;
    }

    // Acronyms (US, EU, SCO) must be written as such; a one-word proper name (Turkey, West, Xi) must be capitalised,
    // so "turkey", "west of", "us" do not name countries. Longer names are distinctive enough in any case.
    private static bool CaseFits(Token word, Token token, bool single)
    {
        var letters = word.Raw.Where(char.IsLetter).ToArray();
        if (letters.Length >= 2 && letters.All(char.IsUpper))
            return token.Raw.Where(char.IsLetter).SequenceEqual(letters);
        return !single || !word.Capitalised || token.Capitalised;
    }
}
