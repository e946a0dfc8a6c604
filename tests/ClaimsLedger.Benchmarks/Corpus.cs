using System.Globalization;
using System.Text;

namespace ClaimsLedger.Benchmarks;

/// <summary>A generated source: 2–5 KB of sentences, each a span a claim can quote exactly.</summary>
public sealed record SourceSpec(string Id, string Title, string Carrier, string? OriginalPublisher, string Published, string Grade,
    string Text, IReadOnlyList<(int Start, int End)> Sentences)
{
    public byte[] Body() => Json.Bytes(new JsonObject
    {
        ["id"] = Id, ["title"] = Title, ["carrier"] = Carrier, ["originalPublisher"] = OriginalPublisher, ["syndicated"] = OriginalPublisher is not null,
        ["published"] = Published, ["url"] = $"https://example.org/{Id}", ["language"] = "en",
        ["reliability"] = Grade, ["reliabilityReason"] = "Graded by the benchmark corpus.", ["text"] = Text,
    });

    public JsonObject Evidence(int sentence)
    {
        var (start, end) = Sentences[sentence];
        return new JsonObject { ["sourceId"] = Id, ["start"] = start, ["end"] = end, ["quote"] = Text[start..end] };
    }
}

/// <summary>A claim's identity-bearing fields (subject, statement, effects, valid time) and confidence; evidence varies per recording.</summary>
public sealed record ClaimSpec(int Number, string Subject, string Statement, JsonArray Effects, string? ValidTime, double Confidence, string SourceId)
{
    public byte[] Body(JsonObject evidence) => Json.Bytes(Object(evidence));

    public JsonObject Object(JsonObject evidence) => new()
    {
        ["subject"] = Subject, ["statement"] = Statement, ["effects"] = Effects.DeepClone(), ["validTime"] = ValidTime,
        ["evidence"] = evidence.DeepClone(), ["confidence"] = Confidence,
    };
}

/// <summary>One claim recording (a new claim, or the same claim again with another source's evidence).</summary>
public sealed record ClaimRecording(ClaimSpec Claim, JsonObject Evidence, bool Corroborates);

/// <summary>
/// A realistic ledger, generated from a seed: sources with texts, claims quoting them exactly, ~40 subjects drawn from a
/// Zipf distribution (a few subjects are hot), corroborations, and the plan for revisions, contestations, retractions and
/// regrades. The event budget is split so that the run appends about <see cref="BenchOptions.Events"/> events.
/// </summary>
public sealed class Corpus
{
    public const string ProbeSubject = "SOUTH_CAUCASUS";

    /// <summary>A corroboration cites a claim at least this many recordings older (more than the batches in flight at once).</summary>
    public const int CorroborationLag = 5_000;

    /// <summary>The corpus subjects, hottest first (Zipf rank order).</summary>
    public static readonly string[] Subjects =
    [
        "KZ", "UZ", "AM", "AZ", "GE", "KG", "TJ", "TM", "BY", "UA", "MN", "CENTRAL_ASIA", "AF", "PK", "IN", "IR", "TR", "MD", "RS", "HU",
        "CN", "RU", "US", "DE", "FR", "GB", "JP", "KR", "SA", "AE", "QA", "EG", "IL", "PL", "RO", "BG", "LT", "LV", "EE", "VN",
    ];

    private static readonly string[] Powers = ["CN", "RU", "US", "EU", "TR", "WEST", "IN", "IR", "JP", "KR", "SA", "AE"];
    private static readonly string[] Dimensions = ["economic", "security", "diplomatic", "energy", "infrastructure", "cultural", "migration"];
    private static readonly string[] Grades = ["A", "B", "B", "C", "C", "C", "D", "E", "F"];

    private static readonly string[] Names =
    [
        "Kazakhstan", "Uzbekistan", "Armenia", "Azerbaijan", "Georgia", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Belarus", "Ukraine",
        "Mongolia", "China", "Russia", "the United States", "the European Union", "Turkey", "India", "Iran", "Japan", "South Korea",
    ];

    private static readonly string[] Verbs =
    [
        "signed a memorandum with", "expanded rail freight to", "held joint exercises with", "cut gas purchases from", "opened a consulate in",
        "agreed a currency swap with", "recalled its ambassador from", "announced a pipeline study with", "raised tariffs on goods from",
        "welcomed a trade delegation from", "joined a customs working group with", "suspended a security pact with",
    ];

    private static readonly string[] Tails =
    [
        "officials said on Tuesday", "according to customs data", "the ministry confirmed", "in a statement after the talks",
        "despite objections from parliament", "as part of a five-year plan", "analysts in the capital said", "the agreement text shows",
    ];

    public required IReadOnlyList<SourceSpec> Sources { get; init; }
    public required SourceSpec ProbeSource { get; init; }
    public required IReadOnlyList<ClaimRecording> Bulk { get; init; }
    public required IReadOnlyList<ClaimRecording> SinglePosts { get; init; }
    public required IReadOnlyList<ClaimSpec> Probes { get; init; }
    public required int Revisions { get; init; }
    public required int Contestations { get; init; }
    public required int Retractions { get; init; }
    public required int Regrades { get; init; }

    /// <summary>Events the plan appends: two per source (registered, graded), one per recording, one per lifecycle action.</summary>
    public int PlannedEvents => 2 * (Sources.Count + 1) + Bulk.Count + SinglePosts.Count + Probes.Count + Revisions + Contestations + Retractions + Regrades;

    public static Corpus Generate(int events, int seed)
    {
        var random = new Random(seed);
        var sourceCount = Math.Max(30, events * 3 / 200);                 // 1.5 % of the sources, two events each: 3 %
        var revisions = events * 4 / 100;
        var contestations = events * 3 / 100;
        var retractions = events / 100;
        var regrades = Math.Max(5, events / 200);
        var probes = events >= 100_000 ? 300 : 150;
        var singlePosts = Math.Clamp(events / 10, 2_000, 10_000);
        var bulk = events - 2 * (sourceCount + 1) - revisions - contestations - retractions - regrades - probes - singlePosts;
        if (bulk < 500) throw new ArgumentException($"{events} events leave too few for the bulk ingest.");

        var sources = Enumerable.Range(0, sourceCount).Select(i => Source(random, i)).ToList();
        var probeSource = Source(random, sourceCount, "bench-probe");
        var zipf = ZipfTable(Subjects.Length, 1.0);
        var claims = new List<ClaimSpec>();

        ClaimRecording Next(bool mayCorroborate)
        {
            if (mayCorroborate && claims.Count > CorroborationLag + 20 && random.NextDouble() < 0.12)
            {
                // The same claim from another outlet, reported later: a corroboration (appends ClaimCorroborated). Later
                // means committed by then: never a claim in a batch another client is sending at the same moment.
                var claim = claims[random.Next(claims.Count - CorroborationLag)];
                SourceSpec other;
                do other = sources[random.Next(sources.Count)]; while (other.Id == claim.SourceId);
                return new ClaimRecording(claim, other.Evidence(random.Next(other.Sentences.Count)), true);
            }
            var source = sources[random.Next(sources.Count)];
            var spec = Claim(random, claims.Count, Subjects[Draw(random, zipf)], source.Id);
            claims.Add(spec);
            return new ClaimRecording(spec, source.Evidence(random.Next(source.Sentences.Count)), false);
        }

        var bulkList = Enumerable.Range(0, bulk).Select(_ => Next(true)).ToList();
        var singleList = Enumerable.Range(0, singlePosts).Select(_ => Next(true)).ToList();
        var probeList = Enumerable.Range(0, probes).Select(i => Claim(random, 1_000_000 + i, ProbeSubject, probeSource.Id)).ToList();
        return new Corpus
        {
            Sources = sources, ProbeSource = probeSource, Bulk = bulkList, SinglePosts = singleList, Probes = probeList,
            Revisions = revisions, Contestations = contestations, Retractions = retractions, Regrades = regrades,
        };
    }

    /// <summary>How many new claims each subject gets in the plan (the hot subject first).</summary>
    public IReadOnlyDictionary<string, int> ClaimsPerSubject() =>
        Bulk.Concat(SinglePosts).Where(r => !r.Corroborates).GroupBy(r => r.Claim.Subject).OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => g.Count());

    private static SourceSpec Source(Random random, int i, string? id = null)
    {
        id ??= $"bench-{i:D5}";
        var target = random.Next(2_000, 5_001);
        var text = new StringBuilder();
        var sentences = new List<(int, int)>();
        for (var n = 0; text.Length < target; n++)
        {
            if (text.Length > 0) text.Append(' ');
            var start = text.Length;
            text.Append(CultureInfo.InvariantCulture, $"{Pick(random, Names)} {Pick(random, Verbs)} {Pick(random, Names)} in report {i}.{n}, ")
                .Append(CultureInfo.InvariantCulture, $"worth {random.Next(1, 900)} million dollars, {Pick(random, Tails)}.");
            sentences.Add((start, text.Length));
        }
        var carrier = $"Outlet {random.Next(60):D2}";
        var syndicated = random.NextDouble() < 0.15;
        var month = random.Next(1, 13);
        return new SourceSpec(id, $"Regional report {i}", carrier, syndicated ? $"Outlet {random.Next(60):D2}" : null,
            $"{random.Next(2015, 2026)}-{month:D2}", Pick(random, Grades), text.ToString(), sentences);
    }

    private static ClaimSpec Claim(Random random, int number, string subject, string sourceId)
    {
        var effects = new JsonArray();
        var used = new HashSet<(string, string)>();
        var count = random.NextDouble() < 0.6 ? 1 : random.NextDouble() < 0.7 ? 2 : 3;
        while (effects.Count < count)
        {
            var power = Pick(random, Powers);
            var dimension = Pick(random, Dimensions);
            if (power == subject || !used.Add((power, dimension))) continue;
            effects.Add(new JsonObject
            {
                ["power"] = power, ["dimension"] = dimension, ["direction"] = random.NextDouble() < 0.7 ? "toward" : "away",
                ["strength"] = random.Next(1, 4),
            });
        }
        var first = effects[0]!;
        var year = random.Next(2012, 2026);
        var validTime = random.Next(10) switch
        {
            0 => null,
            < 6 => year.ToString(CultureInfo.InvariantCulture),
            < 9 => $"{year}-{random.Next(1, 13):D2}",
            _ => $"{year - 2}/{year}",
        };
        var statement = $"{subject} moves {first["direction"]} {first["power"]} in {first["dimension"]} matters (finding {number}).";
        return new ClaimSpec(number, subject, statement, effects, validTime, Math.Round(0.3 + random.NextDouble() * 0.65, 2), sourceId);
    }

    private static double[] ZipfTable(int n, double s)
    {
        var weights = Enumerable.Range(1, n).Select(k => 1 / Math.Pow(k, s)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++) cumulative[k] = sum += weights[k] / total;
        return cumulative;
    }

    private static int Draw(Random random, double[] cumulative)
    {
        var u = random.NextDouble();
        var k = Array.BinarySearch(cumulative, u);
        return Math.Min(k < 0 ? ~k : k, cumulative.Length - 1);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

public static class Json
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Web));
}
