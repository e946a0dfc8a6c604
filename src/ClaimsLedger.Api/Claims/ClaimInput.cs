using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

// Request shapes shared by the claim commands. Every member is nullable so that a missing field is
// reported by name (400) rather than failing deserialization anonymously.

/// <summary>One way a claim moves its subject relative to a power.</summary>
/// <param name="Power">The power the subject moves toward or away from: an ISO 3166-1 alpha-2 code in upper case (<c>CN</c>, <c>RU</c>, <c>US</c>), <c>EU</c> or <c>WEST</c>.</param>
/// <param name="Dimension">The kind of tie: <c>economic</c>, <c>security</c>, <c>diplomatic</c>, <c>energy</c>, <c>infrastructure</c>, <c>cultural</c> or <c>migration</c> (lower case).</param>
/// <param name="Direction"><c>toward</c> (the subject moves closer to the power; adds to its score) or <c>away</c> (subtracts).</param>
/// <param name="Strength">How much: 1 (slight), 2 or 3 (decisive). The contribution is ±strength × confidence × the source's reliability × corroboration × contest.</param>
public sealed record EffectInput([property: Required] string? Power, [property: Required] string? Dimension, [property: Required] string? Direction, [property: Required] int? Strength);

/// <summary>A figure a claim rests on.</summary>
/// <param name="Value">The number, in the unit given (41 with unit <c>USD billion</c> is 41 billion US dollars). Written back in canonical form (<c>41</c>, not <c>41.0</c>).</param>
/// <param name="Unit">The unit, with any scale: <c>USD billion</c>, <c>%</c>, <c>t</c>, <c>people</c>; at most 50 characters.</param>
public sealed record QuantityInput([property: Required] decimal? Value, [property: Required] string? Unit);

/// <summary>
/// The exact passage of a registered source that a claim rests on (or is contested by). Offsets count UTF-16 code units
/// from the start of the source's text, as JavaScript's <c>String.prototype.slice</c> and C#'s <c>Substring</c> do.
/// </summary>
/// <param name="SourceId">The id of a registered source (POST /api/sources answers it); 404 when there is none.</param>
/// <param name="Start">Offset of the quote's first character in the source's text, from 0.</param>
/// <param name="End">Offset just past the quote's last character (exclusive); greater than start.</param>
/// <param name="Quote">The text at [start, end) exactly, at most 4000 characters; 422 when the source's text differs there.</param>
public sealed record EvidenceInput([property: Required] string? SourceId, [property: Required] int? Start, [property: Required] int? End, [property: Required] string? Quote)
{
    /// <summary>The span as checked fields; meaningful only when no error was added.</summary>
    public EvidenceSpan Validate(FieldErrors errors, string at = "evidence")
    {
        if (string.IsNullOrWhiteSpace(SourceId)) errors.Add($"{at}.sourceId", "is required.");
        if (Start is not >= 0) errors.Add($"{at}.start", "is required and must be at least 0.");
        if (End is null || End <= Start) errors.Add($"{at}.end", "is required and must be greater than start.");
        if (string.IsNullOrEmpty(Quote)) errors.Add($"{at}.quote", "is required: the exact text at [start, end).");
        else if (Quote.Length > 4000) errors.Add($"{at}.quote", "must be at most 4000 characters.");
        return new EvidenceSpan(SourceId ?? "", Start ?? 0, End ?? 0, Quote ?? "");
    }
}

/// <summary>A checked evidence span, before it is compared with the source text.</summary>
public sealed record EvidenceSpan(string SourceId, int Start, int End, string Quote);

public static class ClaimInputValidation
{
    public const int MaxEffects = 12;

    public static List<Effect> Effects(List<EffectInput?>? inputs, FieldErrors errors)
    {
        var effects = new List<Effect>();
        if (inputs is null || inputs.Count == 0) { errors.Add("effects", "at least one effect is required."); return effects; }
        if (inputs.Count > MaxEffects) { errors.Add("effects", $"at most {MaxEffects} effects."); return effects; }
        for (var i = 0; i < inputs.Count; i++)
        {
            var e = inputs[i];
            var at = $"effects[{i}]";
            if (e is null) { errors.Add(at, "must be an object."); continue; }
            var ok = true;
            if (!Codes.IsPower(e.Power)) { errors.Add($"{at}.power", $"must be {Codes.PowerRule}."); ok = false; }
            if (!VocabularyParsing.TryParseDimension(e.Dimension, out var dimension))
            { errors.Add($"{at}.dimension", $"must be one of {string.Join(", ", VocabularyParsing.DimensionNames)}."); ok = false; }
            if (!VocabularyParsing.TryParseDirection(e.Direction, out var direction))
            { errors.Add($"{at}.direction", "must be toward or away."); ok = false; }
            if (e.Strength is not (>= 1 and <= 3)) { errors.Add($"{at}.strength", "must be 1, 2 or 3."); ok = false; }
            if (!ok || e.Power is not { } power || e.Strength is not { } strength) continue;
            if (effects.Any(x => x.Power == power && x.Dimension == dimension))
                errors.Add(at, "repeats a power and dimension already given; one effect per power and dimension.");
            else effects.Add(new Effect(power, dimension, direction, strength));
        }
        return effects;
    }

    public static string? ValidTime(string? text, FieldErrors errors)
    {
        if (text is null) return null;
        if (Time.ValidTime.TryParse(text, out var v)) return v.Text;
        errors.Add("validTime", $"must be {Time.ValidTime.Rule}.");
        return null;
    }

    public static double Confidence(double? confidence, FieldErrors errors, double fallback, string field = "confidence")
    {
        if (confidence is not { } value) return fallback;
        if (!double.IsFinite(value) || value is < 0 or > 1) errors.Add(field, "must be a number from 0 to 1.");
        return value;
    }

    public static double RequiredConfidence(double? confidence, FieldErrors errors, string field = "confidence")
    {
        if (confidence is null) errors.Add(field, "is required: a number from 0 to 1.");
        return Confidence(confidence, errors, 0, field);
    }
}
