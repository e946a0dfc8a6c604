using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.Extraction;

/// <summary>What extracting a registered source did: claims proposed now, and candidates already known or unusable.</summary>
public sealed record ExtractionSummary(ExtractorInfo Extractor, int Proposed, int Corroborated, int Unchanged, int Skipped);

/// <summary>
/// Records the extractor's candidates for a source as <c>ClaimExtracted</c> with status proposed, through the very
/// command and handler POST /api/claims uses (validation, evidence check, deterministic id). Proposed claims weigh
/// nothing until an analyst accepts them; extracting a source twice records nothing new.
/// </summary>
public static class ProposeClaims
{
    public static async Task<ExtractionSummary> FromAsync(IMessageContext bus, RegisterSource source, CancellationToken ct)
    {
        var actor = bus.UserName ?? throw new InvalidOperationException("Extraction runs on behalf of whoever registered the source.");
        var extractor = ClaimExtractor.Default;
        var origin = $"extractor:{extractor.Info.Name}@{extractor.Info.Version}";
        var published = DateOnly.FromDateTime((source.Published?.Start ?? DateTimeOffset.UnixEpoch).UtcDateTime);
        int proposed = 0, corroborated = 0, unchanged = 0, skipped = 0;
        foreach (var candidate in extractor.Extract(source.Text, published))
        {
            var errors = new FieldErrors();
            var command = ToRequest(candidate, source.SourceId).ToCommand(errors, origin, ClaimStatus.Proposed);
            // A candidate the API would refuse is not recorded: the extractor is held to the same rules as anyone.
            if (errors.Any) { skipped++; continue; }
            var outcome = await bus.SendAsync(command, actor, null, ct);
            if (outcome.Refused) skipped++;
            else if (outcome.Outcome == Outcome.Created) proposed++;
            else if (outcome.Outcome == Outcome.Changed) corroborated++;
            else unchanged++;
        }
        return new ExtractionSummary(extractor.Info, proposed, corroborated, unchanged, skipped);
    }

    private static RecordClaimRequest ToRequest(CandidateClaim candidate, string sourceId) => new(candidate.Subject, candidate.Statement,
        candidate.Effects.Select(e => (EffectInput?)new EffectInput(e.Power, e.Dimension, e.Direction, e.Strength)).ToList(),
        candidate.ValidTime,
        candidate.Quantity is null ? null : new QuantityInput(candidate.Quantity.Value, candidate.Quantity.Unit),
        new EvidenceInput(sourceId, candidate.Evidence.Start, candidate.Evidence.End, candidate.Evidence.Quote),
        candidate.Confidence);
}
