using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Seeds;

/// <summary>
/// Loads seeds/ on start by sending the same commands the API sends, through the same handlers. Every command is
/// idempotent (sources by text hash, claims by deterministic id and evidence), so a second start appends nothing.
/// Registered after Wolverine, so its runtime is up when the commands are sent.
/// </summary>
public sealed class SeedLoader(IServiceProvider services, LedgerOptions options, ILogger<SeedLoader> logger) : IHostedService
{
    public const string Actor = "seed-loader";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.LoadSeeds) return;
        var directory = SeedCorpus.Locate(options.SeedDirectory);
        if (directory is null)
        {
            logger.LogWarning("No seeds/ directory with a manifest.json was found; starting with an empty ledger.");
            return;
        }
        var result = await LoadAsync(services, SeedCorpus.Read(directory), ct);
        logger.LogInformation("Seeds from {Directory}: {Sources} new sources, {Claims} new claims, {Corroborations} corroborations",
            directory, result.Sources, result.Claims, result.Corroborations);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public sealed record Result(int Sources, int Claims, int Corroborations);

    public static async Task<Result> LoadAsync(IServiceProvider services, SeedCorpus corpus, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageContext>();
        int sources = 0, claims = 0, corroborations = 0;
        var correlationId = $"seed-{Guid.NewGuid():N}";
        foreach (var seed in corpus.Sources)
        {
            var registered = await bus.SendAsync(Valid(seed.ToRequest().ToCommand, seed.Entry.File), Actor, correlationId, ct);
            if (registered.Refusal is { } conflict) throw new InvalidDataException($"Seed source {seed.Entry.File}: {conflict.Detail}");
            if (registered.Outcome == Outcome.Created) sources++;

            foreach (var (claim, index) in seed.Claims.Select((c, i) => (c, i)))
            {
                var where = $"seed claim {index} of {seed.Entry.File}";
                var request = claim.ToRequest(registered.StreamId);
                var outcome = await bus.SendAsync(Valid(errors => request.ToCommand(errors, "curated:seeds"), where), Actor, correlationId, ct);
                if (outcome.Refusal is { } refusal) throw new InvalidDataException($"{where} was refused: {refusal.Field} {refusal.Detail}");
                if (outcome.Outcome == Outcome.Created) claims++;
                if (outcome.Outcome == Outcome.Changed) corroborations++;
            }
        }
        return new Result(sources, claims, corroborations);
    }

    private static T Valid<T>(Func<FieldErrors, T> toCommand, string where)
    {
        var errors = new FieldErrors();
        var command = toCommand(errors);
        return errors.Any ? throw new InvalidDataException($"{where} is invalid: {errors}") : command;
    }
}
