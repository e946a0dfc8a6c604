using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Extraction;
using Marten;

namespace ClaimsLedger.Api.Extraction;

/// <summary>What extracting a registered source did: claims proposed now, and candidates already known or unusable.</summary>
public sealed record ExtractionSummary(ExtractorInfo Extractor, int Proposed, int Corroborated, int Unchanged, int Skipped);

/// <summary>
/// Records the extractor's candidates for a source as <c>ClaimExtracted</c> with status proposed, through the
/// same validation, evidence check and recorder as POST /api/claims. Proposed claims weigh nothing until an
/// analyst accepts them; deterministic claim ids make extracting a source twice record nothing new.
/// </summary>
public static class ProposeClaims
{
    public static async Task<ExtractionSummary> FromAsync(IDocumentStore store, SourceDetails source, string actor, string correlationId, CancellationToken ct)
    {
        var extractor = ClaimExtractor.Default;
        var origin = $"extractor:{extractor.Info.Name}@{extractor.Info.Version}";
        PartialDateOf(source, out var published);
        int proposed = 0, corroborated = 0, unchanged = 0, skipped = 0;
        foreach (var candidate in extractor.Extract(source.Text, published))
        {
            var command = new RecordClaim(candidate.Subject, candidate.Statement,
                candidate.Effects.Select(e => (EffectInput?)new EffectInput(e.Power, e.Dimension, e.Direction, e.Strength)).ToList(),
                candidate.ValidTime,
                candidate.Quantity is null ? null : new QuantityInput(candidate.Quantity.Value, candidate.Quantity.Unit),
                new EvidenceInput(source.Id, candidate.Evidence.Start, candidate.Evidence.End, candidate.Evidence.Quote),
                candidate.Confidence);
            // A candidate the API would refuse is not recorded: the extractor is held to the same rules as anyone.
            if (command.Validate(out var draft).Any || EvidenceCheck.Verify(source, command.Evidence!, "evidence", out var evidence) is not null)
            {
                skipped++;
                continue;
            }
            var (outcome, _, refusal) = await ClaimRecorder.RecordAsync(store, draft, evidence, actor, origin, ClaimStatus.Proposed, correlationId, ct);
            if (refusal is not null) skipped++;
            else if (outcome == RecordOutcome.Created) proposed++;
            else if (outcome == RecordOutcome.Corroborated) corroborated++;
            else unchanged++;
        }
        return new ExtractionSummary(extractor.Info, proposed, corroborated, unchanged, skipped);
    }

    private static void PartialDateOf(SourceDetails source, out DateOnly published)
    {
        Time.PartialDate.TryParse(source.Published, out var date);
        published = DateOnly.FromDateTime(date.Start.UtcDateTime);
    }
}
