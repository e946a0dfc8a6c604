using System.Reflection;
using System.Text.Json;

namespace ClaimsLedger.Extraction.Lexicon;

/// <summary>Everything the rules know about names and cue words, read from the embedded Data/*.json files.</summary>
internal sealed class Vocabulary
{
    public PhraseIndex Index { get; } = new();
    public string[] Powers { get; private set; } = [];
    public string[] ContextOnly { get; private set; } = [];
    /// <summary>Powers that are subjects only when said to depend on another power.</summary>
    public HashSet<string> MajorPowers { get; } = new(StringComparer.Ordinal);
    /// <summary>Nouns that make a region's name an adjective for one of its countries ("the Central Asian nation").</summary>
    public HashSet<string> RegionAdjectiveNouns { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> DisplayNames { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string[]> RegionMembers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (string[] Powers, string Dimension)> Organisations { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> DimensionPriority { get; private set; } = [];
    public HashSet<string> PeopleNouns { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>City names, lower-cased, as the tokens spelling them: "new delhi".</summary>
    public HashSet<string> Places { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Venues { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Affiliations { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Foils { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Attributions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Prepositions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ClauseLinksAfterComma { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ClauseLinksAlone { get; } = new(StringComparer.Ordinal);
    private readonly HashSet<string> _demonymPlurals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"migrants", "people", or a plural naming a nationality ("Russians"): counted as people.</summary>
    public bool IsPeopleNoun(string word) => PeopleNouns.Contains(word) || _demonymPlurals.Contains(word);

    public static Vocabulary Load()
    {
        var v = new Vocabulary();
        using (var doc = Read("entities.json")) v.LoadEntities(doc.RootElement);
        using (var doc = Read("organisations.json")) v.LoadOrganisations(doc.RootElement);
        using (var doc = Read("cues.json")) v.LoadCues(doc.RootElement);
        return v;
    }

    private static JsonDocument Read(string file)
    {
        var assembly = typeof(Vocabulary).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Data." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonDocument.Parse(stream);
    }

    private void LoadEntities(JsonElement root)
    {
        Powers = Strings(root.GetProperty("powers"));
        ContextOnly = Strings(root.GetProperty("contextOnly").GetProperty("codes"));
        MajorPowers.UnionWith(Strings(root.GetProperty("majorPowers").GetProperty("codes")));
        foreach (var region in root.GetProperty("regionMembers").EnumerateObject())
            RegionMembers[region.Name] = Strings(region.Value);
        foreach (var entity in root.GetProperty("entities").EnumerateArray())
        {
            var code = entity.GetProperty("code").GetString()!;
            DisplayNames[code] = entity.GetProperty("name").GetString()!;
            foreach (var name in Strings(entity.GetProperty("names")))
            {
                Index.Add(name, new Lexeme(Cue.Entity, code));
                if (name.EndsWith('s') && !name.Contains(' ') && char.IsUpper(name[0])) _demonymPlurals.Add(name);
            }
        }
        foreach (var place in Strings(root.GetProperty("places").GetProperty("names")))
            Places.Add(string.Join(' ', Text.Tokenizer.Tokenize(place).Select(t => t.Key)));
        foreach (var phrase in Strings(root.GetProperty("events").GetProperty("phrases"))) Index.Add(phrase, new Lexeme(Cue.Inert));
    }

    private void LoadOrganisations(JsonElement root)
    {
        foreach (var org in root.GetProperty("organisations").EnumerateArray())
        {
            var id = org.GetProperty("id").GetString()!;
            Organisations[id] = (Strings(org.GetProperty("powers")), org.GetProperty("dimension").GetString()!);
            foreach (var name in Strings(org.GetProperty("names"))) Index.Add(name, new Lexeme(Cue.Organisation, id));
        }
    }

    private void LoadCues(JsonElement root)
    {
        (string Key, Cue Kind)[] lists =
        [
            ("toward", Cue.Toward), ("away", Cue.Away), ("membership", Cue.Membership), ("negations", Cue.Negation),
            ("strong", Cue.Strong), ("weak", Cue.Weak), ("hedges", Cue.Hedge),
        ];
        foreach (var (key, kind) in lists)
            foreach (var phrase in Strings(root.GetProperty(key))) Index.Add(phrase, new Lexeme(kind));
        foreach (var phrase in Strings(root.GetProperty("displace").GetProperty("phrases"))) Index.Add(phrase, new Lexeme(Cue.Displace));
        foreach (var phrase in Strings(root.GetProperty("topical").GetProperty("phrases"))) Index.Add(phrase, new Lexeme(Cue.Topical));
        foreach (var phrase in Strings(root.GetProperty("anaphors").GetProperty("singular"))) Index.Add(phrase, new Lexeme(Cue.SingularAnaphor));
        foreach (var phrase in Strings(root.GetProperty("anaphors").GetProperty("group"))) Index.Add(phrase, new Lexeme(Cue.GroupAnaphor));
        foreach (var phrase in Strings(root.GetProperty("idioms").GetProperty("phrases"))) Index.Add(phrase, new Lexeme(Cue.Inert));
        foreach (var phrase in Strings(root.GetProperty("dependence").GetProperty("phrases"))) Index.Add(phrase, new Lexeme(Cue.Dependence));
        foreach (var phrase in Strings(root.GetProperty("rollCallTitles").GetProperty("words"))) Index.Add(phrase, new Lexeme(Cue.Title));
        RegionAdjectiveNouns.UnionWith(Strings(root.GetProperty("regionAsAdjective").GetProperty("nouns")));
        foreach (var dimension in root.GetProperty("dimensions").EnumerateObject())
            foreach (var phrase in Strings(dimension.Value)) Index.Add(phrase, new Lexeme(Cue.Dimension, dimension.Name));
        DimensionPriority = Strings(root.GetProperty("dimensionPriority"));
        foreach (var noun in Strings(root.GetProperty("peopleNouns"))) PeopleNouns.Add(noun);
        Venues.UnionWith(Strings(root.GetProperty("venues").GetProperty("words")));
        Affiliations.UnionWith(Strings(root.GetProperty("affiliations").GetProperty("words")));
        Foils.UnionWith(Strings(root.GetProperty("foils").GetProperty("words")));
        Attributions.UnionWith(Strings(root.GetProperty("attributions").GetProperty("words")));
        ClauseLinksAfterComma.UnionWith(Strings(root.GetProperty("clauseLinks").GetProperty("afterComma")));
        Prepositions.UnionWith(Strings(root.GetProperty("prepositions").GetProperty("words")));
        ClauseLinksAlone.UnionWith(Strings(root.GetProperty("clauseLinks").GetProperty("alone")));
    }

    private static string[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
