using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.Extraction;

/// <summary>What extracting a registered source did: claims proposed now, and candidates already known or unusable.</summary>
/// <param name="Extractor">The extractor and rules version that read the text (each proposed claim's origin names it too).</param>
/// <param name="Proposed">New claims recorded with status proposed (GET /api/claims?sourceId=…&amp;status=proposed lists them).</param>
/// <param name="Corroborated">Candidates that matched a known claim and added this source as evidence.</param>
/// <param name="Unchanged">Candidates already recorded with this very evidence (extracting again records nothing new).</param>
/// <param name="Skipped">Candidates the API refused (an invalid field, or evidence on a retracted claim): the extractor is held to the same rules as anyone.</param>
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
