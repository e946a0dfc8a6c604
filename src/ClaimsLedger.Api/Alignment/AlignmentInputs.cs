using System.Text.Json.Serialization;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

// What the alignment projection remembers between batches, derived from events only. Internal to the
// projection: rebuilt with it, never served.

/// <summary>A claim as far as scoring is concerned.</summary>
public sealed class AlignmentClaim : IJsonOnDeserialized
{
    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";

    // Effects and supports stored as arrays of their values, and the contest lists only when not empty (most claims are
    // never contested): ~150 of the document's ~790 bytes were names and empty lists.
    [JsonConverter(typeof(ListStoredAsArrays<Effect, EffectStorage>))]
    public List<Effect> Effects { get; set; } = [];

    // Days, mostly: "2014-01-01Z" rather than "2014-01-01T00:00:00+00:00" (StoredInstant; the document is never served).
    [JsonConverter(typeof(StoredInstant))]
    public DateTimeOffset? ValidStart { get; set; }

    [JsonConverter(typeof(StoredInstant))]
    public DateTimeOffset? ValidEnd { get; set; }

    public double Confidence { get; set; }
    public ClaimStatus Status { get; set; }

    [JsonConverter(typeof(ListStoredAsArrays<Support, Support.Storage>))]
    public List<Support> Supports { get; set; } = [];

    [StoredWhenSet]
    public List<string> Contesters { get; set; } = [];

    /// <summary>Sources cited against the claim (their voices are among <see cref="Contesters"/>): a publication cut-off counts only those published by then.</summary>
    [StoredWhenSet, JsonConverter(typeof(ListStoredAsArrays<Support, Support.Storage>))]
    public List<Support> ContestSources { get; set; } = [];

    /// <summary>What the claim contributes now, each with the sequence it holds since (its open span).</summary>
    [JsonIgnore]
    public List<ClaimContribution> Contributions { get; set; } = [];

    /// <summary>
    /// How <see cref="Contributions"/> are stored: without what the claim holds once. Each contribution's claim is this one,
    /// and its valid time the claim's, as <see cref="AlignmentProjection"/> scores every contribution anew whenever the
    /// claim's coding changes; its key is derived. Repeating them was a fifth of the document (~250 of ~1,100 bytes). Each is
    /// an array of its values (<see cref="StoredContribution.Storage"/>).
    /// </summary>
    [JsonInclude, JsonPropertyName("contributions"), JsonConverter(typeof(ListStoredAsArrays<StoredContribution, StoredContribution.Storage>))]
    internal List<StoredContribution> StoredContributions
    {
        get => Contributions.Select(c => new StoredContribution(c.Power, c.Dimension, c.Contribution, c.Since) { Steps = c.Steps }).ToList();
        set => Contributions = value.Select(c => new ClaimContribution("", c.Power, c.Dimension, c.Contribution, Since: c.Since) { Steps = c.Steps }).ToList();
    }

    /// <summary>The stored contributions take their claim and valid time from it, whatever order the JSON's members came in.</summary>
    void IJsonOnDeserialized.OnDeserialized() =>
        Contributions = Contributions.Select(c => c with { ClaimId = Id, ValidStart = ValidStart, ValidEnd = ValidEnd }).ToList();

    internal sealed record StoredContribution(string Power, Dimension Dimension, decimal Contribution, long Since)
    {
        public IReadOnlyList<PublicationStep>? Steps { get; init; }

        /// <summary>
        /// Stored as <c>["RU", "Cultural", 0.8160, 1412, [["2023-06-01Z", 0.8160]]]</c> (power, dimension, value, the sequence
        /// it holds since, and its steps when it has them), not an object naming each member (~55 bytes a contribution).
        /// </summary>
        public sealed class Storage : StoredAsArray<StoredContribution>
        {
            protected override void WriteValues(System.Text.Json.Utf8JsonWriter writer, StoredContribution value, System.Text.Json.JsonSerializerOptions options)
            {
                writer.WriteStringValue(value.Power);
                WriteName(writer, value.Dimension);
                writer.WriteNumberValue(value.Contribution);
                writer.WriteNumberValue(value.Since);
                if (value.Steps is not null) PublicationStepStorage.WriteList(writer, value.Steps, options);
            }

            protected override StoredContribution ReadValues(ref System.Text.Json.Utf8JsonReader reader, System.Text.Json.JsonSerializerOptions options)
            {
                var power = StringAt(ref reader, "power");
                reader.Read();
                var dimension = NameAt<Dimension>(ref reader, "dimension");
                reader.Read();
                var contribution = reader.GetDecimal();
                reader.Read();
                var since = reader.GetInt64();
                var steps = NextValue(ref reader) ? PublicationStepStorage.ReadList(ref reader, options) : null;
                return new StoredContribution(power, dimension, contribution, since) { Steps = steps };
            }
        }
    }

    public sealed record Support(string SourceId, string IndependenceKey)
    {
        /// <summary>Stored as <c>["bench-00150", "outlet 56"]</c>.</summary>
        public sealed class Storage() : StringPairStorage<Support>(s => (s.SourceId, s.IndependenceKey), (id, key) => new Support(id, key));
    }

    public static readonly SetUpsert<AlignmentClaim> Rows = new(c => c.Id);

    /// <summary>The claim's coding: what it is about, which effects it has, and when it holds (a recoding changes it).</summary>
    public void Recode(string subject, IEnumerable<Effect> effects, string? validTime)
    {
        var valid = Time.ValidTime.TryParse(validTime, out var v) ? v : null;
        (Subject, Effects, ValidStart, ValidEnd) = (subject, effects.ToList(), valid?.Start, valid?.End);
    }
}

/// <summary>A source's standing, and the claims that lean on it (so a regrade re-scores exactly those).</summary>
public sealed class AlignmentSource
{
    /// <summary>Written setwise (<see cref="SetUpsert{T}"/>): a batch rewrites a source behind each claim it touches, ~300 a save in a replay.</summary>
    public static readonly SetUpsert<AlignmentSource> Rows = new(s => s.Id);

    public string Id { get; set; } = "";
    public ReliabilityGrade? Grade { get; set; }
    public bool Retracted { get; set; }

    /// <summary>The end of the source's publication period ("2024-07" ends on 1 August): published by a cut-off when this is no later.</summary>
    public DateTimeOffset? PublishedEnd { get; set; }
    public List<string> ClaimIds { get; set; } = [];
}
