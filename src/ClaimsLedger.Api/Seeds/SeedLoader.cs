using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using Marten;

namespace ClaimsLedger.Api.Seeds;

/// <summary>
/// Loads seeds/ on start through the same commands as the API. Every command is idempotent (sources by
/// text hash, claims by deterministic id and evidence), so a second start appends nothing.
/// </summary>
public sealed class SeedLoader(IDocumentStore store, IConfiguration configuration, ILogger<SeedLoader> logger) : IHostedService
{
    public const string Actor = "seed-loader";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("ClaimsLedger:LoadSeeds", true)) return;
        var directory = SeedCorpus.Locate(configuration["ClaimsLedger:SeedDirectory"]);
        if (directory is null)
        {
            logger.LogWarning("No seeds/ directory with a manifest.json was found; starting with an empty ledger.");
            return;
        }
        var result = await LoadAsync(store, SeedCorpus.Read(directory), ct);
        logger.LogInformation("Seeds from {Directory}: {Sources} new sources, {Claims} new claims, {Corroborations} corroborations",
            directory, result.Sources, result.Claims, result.Corroborations);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public sealed record Result(int Sources, int Claims, int Corroborations);

    public static async Task<Result> LoadAsync(IDocumentStore store, SeedCorpus corpus, CancellationToken ct)
    {
        int sources = 0, claims = 0, corroborations = 0;
        var correlationId = $"seed-{Guid.NewGuid():N}";
        foreach (var seed in corpus.Sources)
        {
            var command = seed.ToCommand();
            var errors = command.Validate();
            if (errors.Any) throw new InvalidDataException($"Seed source {seed.Entry.File} is invalid: {errors}");
            var (created, source, conflict) = await SourceRegistrar.RegisterAsync(store, command, Actor, correlationId, ct);
            if (conflict is not null) throw new InvalidDataException($"Seed source {seed.Entry.File}: {conflict}");
            if (created) sources++;

            foreach (var (claim, index) in seed.Claims.Select((c, i) => (c, i)))
            {
                var record = new RecordClaim(claim.Subject, claim.Statement, claim.Effects, claim.ValidTime, claim.Quantity,
                    claim.Evidence with { SourceId = source!.Id }, claim.Confidence);
                var where = $"seed claim {index} of {seed.Entry.File}";
                var invalid = record.Validate(out var draft);
                if (invalid.Any) throw new InvalidDataException($"{where} is invalid: {invalid}");
                if (EvidenceCheck.Verify(source, record.Evidence!, "evidence", out var evidence) is not null)
                    throw new InvalidDataException($"{where}: the quote does not match the source text at [{claim.Evidence.Start}, {claim.Evidence.End}).");
                var (outcome, _, refusal) = await ClaimRecorder.RecordAsync(store, draft, evidence, Actor, "curated:seeds",
                    ClaimStatus.Recorded, correlationId, ct);
                if (refusal is not null) throw new InvalidDataException($"{where} was refused.");
                if (outcome == RecordOutcome.Created) claims++;
                if (outcome == RecordOutcome.Corroborated) corroborations++;
            }
        }
        return new Result(sources, claims, corroborations);
    }
}
