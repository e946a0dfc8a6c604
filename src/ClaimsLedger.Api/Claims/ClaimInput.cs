using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

// Request shapes shared by the claim commands. Every member is nullable so that a missing field is
// reported by name (400) rather than failing deserialization anonymously.

public sealed record EffectInput([property: Required] string? Power, [property: Required] string? Dimension, [property: Required] string? Direction, [property: Required] int? Strength);

public sealed record QuantityInput([property: Required] decimal? Value, [property: Required] string? Unit);

public sealed record EvidenceInput([property: Required] string? SourceId, [property: Required] int? Start, [property: Required] int? End, [property: Required] string? Quote);

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
            if (!ok) continue;
            if (effects.Any(x => x.Power == e.Power && x.Dimension == dimension))
                errors.Add(at, "repeats a power and dimension already given; one effect per power and dimension.");
            else effects.Add(new Effect(e.Power!, dimension, direction, e.Strength!.Value));
        }
        return effects;
    }

    public static void Evidence(EvidenceInput? e, FieldErrors errors, string at = "evidence")
    {
        if (e is null) { errors.Add(at, "is required: sourceId, start, end and quote."); return; }
        if (string.IsNullOrWhiteSpace(e.SourceId)) errors.Add($"{at}.sourceId", "is required.");
        if (e.Start is not >= 0) errors.Add($"{at}.start", "is required and must be at least 0.");
        if (e.End is null || e.End <= e.Start) errors.Add($"{at}.end", "is required and must be greater than start.");
        if (string.IsNullOrEmpty(e.Quote)) errors.Add($"{at}.quote", "is required: the exact text at [start, end).");
        else if (e.Quote.Length > 4000) errors.Add($"{at}.quote", "must be at most 4000 characters.");
    }

    public static string? ValidTime(string? text, FieldErrors errors)
    {
        if (text is null) return null;
        if (ValidTimeParse(text) is { } v) return v.Text;
        errors.Add("validTime", $"must be {Time.ValidTime.Rule}.");
        return null;
    }

    private static ValidTime? ValidTimeParse(string text) => Time.ValidTime.TryParse(text, out var v) ? v : null;

    public static void Confidence(double? confidence, FieldErrors errors, string field = "confidence", bool required = false)
    {
        if (confidence is null) { if (required) errors.Add(field, "is required: a number from 0 to 1."); return; }
        if (!double.IsFinite(confidence.Value) || confidence is < 0 or > 1) errors.Add(field, "must be a number from 0 to 1.");
    }
}
