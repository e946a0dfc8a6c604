namespace ClaimsLedger.Extraction.Text;

/// <summary>A sentence as [Start, End) of the original text, trimmed of surrounding whitespace, and its paragraph.</summary>
internal readonly record struct Sentence(int Start, int End, int Paragraph);

internal static class SentenceSplitter
{
    // Titles and initials end in a period without ending the sentence ("Mr Putin", "U.S. officials", "J. Smith").
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    { "mr", "mrs", "ms", "dr", "st", "gen", "prof", "sen", "rep", "gov", "lt", "col", "no", "vs", "etc", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "co", "jr", "sr" };

    public static List<Sentence> Split(string text)
    {
        var result = new List<Sentence>();
        int paragraph = 0, start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                Add(result, text, start, i, paragraph);
                // A blank line or a line break both end a paragraph in these texts (one paragraph a line).
                paragraph++;
                start = i + 1;
            }
            else if ((c is '.' or '!' or '?') && EndsSentence(text, i))
            {
                var end = i + 1;
                while (end < text.Length && text[end] is '"' or '”' or '’' or '\'' or ')') end++;
                Add(result, text, start, end, paragraph);
                start = end;
                i = end - 1;
            }
        }
        Add(result, text, start, text.Length, paragraph);
        return result;
    }

    private static bool EndsSentence(string text, int i)
    {
        var j = i + 1;
        while (j < text.Length && text[j] is '"' or '”' or '’' or '\'' or ')') j++;
        if (j < text.Length && !char.IsWhiteSpace(text[j])) return false;          // 3.67, U.S.-led
        var k = j;
        while (k < text.Length && text[k] is ' ' or '\t' or '\u00a0') k++;
        if (k < text.Length && char.IsLower(text[k])) return false;                // "… said Mr. smith" rarely; mostly "etc. and"
        var w = i - 1;
        while (w >= 0 && char.IsLetter(text[w])) w--;
        var word = text.Substring(w + 1, i - w - 1);
        if (word.Length == 1 && char.IsUpper(word[0])) return false;                // initials
        return !Abbreviations.Contains(word);
    }

    private static void Add(List<Sentence> result, string text, int start, int end, int paragraph)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) result.Add(new Sentence(start, end, paragraph));
    }
}
