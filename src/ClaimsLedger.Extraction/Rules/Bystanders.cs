using ClaimsLedger.Extraction.Lexicon;
using ClaimsLedger.Extraction.Text;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>
/// Names in a sentence that are not parties to its claim: places used as venues, the affiliations of quoted experts
/// and the foil of "unlike". Dropping them keeps "the summit in X", "a fellow at a think tank in Y" and "unlike Z"
/// from making X, Y or Z a subject or a power.
/// </summary>
internal static class Bystanders
{
    // "the annual summit of the bloc in X": the venue noun may sit a few words before "in".
    private const int VenueReach = 6;
    // An affiliation is a short noun phrase; past this many words the sentence has moved on.
    private const int AffiliationReach = 12;

    public static void Remove(SentenceReading r, Vocabulary v) =>
        r.Entities.RemoveAll(e => IsVenue(r.Tokens, e.At, v) || InAffiliation(r.Tokens, e.At, v) || InFoil(r.Tokens, e.At, v));

    // Locative, not agentive: "in/at X" after a gathering or institution noun, with no clause break between them.
    private static bool IsVenue(IReadOnlyList<Token> t, int at, Vocabulary v)
    {
        if (at < 1 || t[at - 1].Key is not ("in" or "at")) return false;
        if (IsPlace(t, at, v)) return true;
        if (at < 2 || t[at - 1].Gap.Length > 0) return false;
        for (var k = at - 2; k >= 0 && at - k <= VenueReach; k--)
        {
            if (v.Venues.Contains(t[k].Key)) return true;
            if (t[k + 1].Gap.Length > 0) return false;
        }
        return false;
    }

    // A city after "in"/"at" ("talks in Baku", "a forum at Almaty") locates the event; a country after "in" may still
    // be a party ("investment in Kazakhstan"), so only cities count.
    private static bool IsPlace(IReadOnlyList<Token> t, int at, Vocabulary v) =>
        Enumerable.Range(1, 2).Any(n => at + n <= t.Count && v.Places.Contains(string.Join(' ', t.Skip(at).Take(n).Select(x => x.Key))));

    // "X, a professor of politics at a university in Y, said …": from the title to the verb of saying.
    private static bool InAffiliation(IReadOnlyList<Token> t, int at, Vocabulary v)
    {
        for (var k = at - 1; k >= 0 && at - k <= AffiliationReach; k--)
        {
            if (v.Attributions.Contains(t[k].Key)) return false;
            if (v.Affiliations.Contains(t[k].Key) && k + 1 < at && t[k + 1].Key is "of" or "at" or "for" or "with" or "in") return true;
        }
        return false;
    }

    // "Unlike X and Y, Z refused …": X and Y are what Z is contrasted with, up to the comma closing the phrase.
    private static bool InFoil(IReadOnlyList<Token> t, int at, Vocabulary v)
    {
        for (var k = at; k >= 0; k--)
        {
            if (k < at && v.Foils.Contains(t[k].Key)) return true;
            if (t[k].Gap.Contains(',') || t[k].Gap.IndexOfAny([';', ':', '—', '–']) >= 0) return false;
        }
        return false;
    }
}
