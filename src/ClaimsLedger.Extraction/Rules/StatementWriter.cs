namespace ClaimsLedger.Extraction.Rules;

/// <summary>A neutral one-sentence statement from a template, so equal findings give equal statements (claim identity).</summary>
internal static class StatementWriter
{
    public static string Write(string subject, IReadOnlyList<CandidateEffect> effects, IReadOnlyDictionary<string, string> names)
    {
        string Name(string code) => names.TryGetValue(code, out var n) ? n : code;
        var parts = effects.GroupBy(e => e.Direction)
            .Select(g => (g.Key == "toward" ? "toward " : "away from ") + Join(g.Select(e => Name(e.Power)).ToList()));
        var dimensions = Join(effects.Select(e => e.Dimension).Distinct().ToList());
        var text = $"{Name(subject)} moves {string.Join(" and ", parts)} ({dimensions}).";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
