using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

public sealed record RecordClaim(
    [property: Required] string? Subject,
    [property: Required] string? Statement,
    [property: Required] List<EffectInput?>? Effects,
    string? ValidTime,
    QuantityInput? Quantity,
    [property: Required] EvidenceInput? Evidence,
    double? Confidence)
{
    /// <summary>Confidence when the submitter gives none: a single unreviewed assertion, neither doubted nor trusted.</summary>
    public const double DefaultConfidence = 0.6;

    public FieldErrors Validate(out ClaimDraft draft)
    {
        var errors = new FieldErrors();
        if (!Codes.IsSubject(Subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        errors.Require(Statement, "statement", 1000);
        var effects = ClaimInputValidation.Effects(Effects, errors);
        var validTime = ClaimInputValidation.ValidTime(ValidTime, errors);
        if (Quantity is not null)
        {
            if (Quantity.Value is null) errors.Add("quantity.value", "is required when a quantity is given.");
            errors.Require(Quantity.Unit, "quantity.unit", 50);
        }
        ClaimInputValidation.Evidence(Evidence, errors);
        ClaimInputValidation.Confidence(Confidence, errors);
        draft = errors.Any ? null! : new ClaimDraft(Subject!, Statement!.Trim(), effects, validTime,
            Quantity is null ? null : new Quantity(Quantity.Value!.Value, Quantity.Unit!.Trim()), Confidence ?? DefaultConfidence);
        return errors;
    }
}

/// <summary>A validated claim, before its evidence is checked against the source.</summary>
public sealed record ClaimDraft(string Subject, string Statement, IReadOnlyList<Effect> Effects, string? ValidTime, Quantity? Quantity, double Confidence)
{
    public string Id => ClaimIdentity.For(Subject, Effects, Statement, ValidTime);
}

public enum RecordOutcome { Created, Corroborated, Unchanged }

public static class RecordClaimDecision
{
    /// <summary>
    /// New claim → extracted; known claim with new evidence → corroborated; known evidence → nothing, so
    /// recording the same claim again (a retry, a re-ingested source) changes nothing.
    /// </summary>
    public static (RecordOutcome Outcome, Decision Decision) Decide(
        ClaimState? existing, ClaimDraft draft, Evidence evidence, string actor, string origin, ClaimStatus initialStatus)
    {
        if (existing is null)
            return (RecordOutcome.Created, Decision.Append(new ClaimExtracted(draft.Id, draft.Subject, draft.Statement, draft.Effects,
                draft.ValidTime, draft.Quantity, evidence, draft.Confidence, origin, initialStatus, actor)));
        if (existing.EvidenceKeys.Contains(ClaimState.KeyOf(evidence)))
            return (RecordOutcome.Unchanged, Decision.Unchanged);
        if (existing.IsRetracted)
            return (RecordOutcome.Unchanged, Decision.Refuse(Problems.Conflict(
                $"Claim '{existing.Id}' was retracted; new evidence for it must be recorded as a new claim or after review.")));
        return (RecordOutcome.Corroborated, Decision.Append(new ClaimCorroborated(existing.Id, evidence, actor)));
    }
}
