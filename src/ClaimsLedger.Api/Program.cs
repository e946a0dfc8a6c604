using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Hosting;
using ClaimsLedger.Api.Observability;
using ClaimsLedger.Api.OpenApi;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Subscriptions;
using JasperFx;
using JasperFx.CommandLine;

// `report` writes the report to standard output: logs and JasperFx's own output go to standard error.
if (ReportCommand.OwnsStandardOutput(args)) Console.SetOut(Console.Error);

// `extract-eval` and `create-api-key` are pure computation: they start no database and build no host.
if (ExtractEvalCommand.IsInvokedBy(args)) return await CommandExecutor.ExecuteCommandAsync<ExtractEvalCommand>(args[1..]);
if (CreateApiKeyCommand.IsInvokedBy(args)) return await CommandExecutor.ExecuteCommandAsync<CreateApiKeyCommand>(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.QuietFrameworkByDefault();
builder.WebHost.UseUrls([.. ListenUrls.Of(builder.Configuration)]);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = LedgerLimits.MaxRequestBodyBytes);

// Registered before Marten's daemon, Wolverine and the web host, so it stops after them: the embedded server outlives
// their shutdown. It starts when the store is first needed (see LedgerDatabase), so `help` starts no database.
builder.Services.AddSingleton<LedgerDatabase>().AddHostedService(sp => sp.GetRequiredService<LedgerDatabase>());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddLedgerOptions();
builder.Services.AddLedgerAccess();
builder.Services.AddLedgerRateLimits();
builder.Services.AddSingleton<WriteBackpressure>();
builder.Services.AddLedgerStore();
builder.Services.AddSingleton<SharedProgress>();
builder.Services.AddSingleton<ReportGate>();
builder.Services.AddSingleton<ClaimsLedger.Api.Alignment.SettledInstant>();
builder.Services.AddSingleton<ReadGate>();
builder.Services.AddSingleton<WholeSubjectReadGate>();
builder.Services.AddHostedService<VacuumTuningAtStart>();
builder.Services.AddHostedService<ClaimFilterKeysAtStart>();
builder.Services.AddHostedService<ResolvedCountsAtStart>();
builder.Services.AddHostedService<ClaimListChangesAtStart>();
builder.Services.AddHostedService<KeptCountsAtStart>();
builder.Services.AddHostedService<IndexUpkeepService>();
builder.Services.AddSingleton<SubjectClaimList>();
builder.Services.AddHostedService<ServedClaimJsonAtStart>();
builder.Services.AddLedgerAudit();

builder.Host.UseWolverine(opts =>
{
    // Balanced: several nodes may share the database; Wolverine elects a leader for its own background agents.
    opts.Durability.Mode = DurabilityMode.Balanced;
    opts.Policies.AutoApplyTransactions();
    opts.RetryContention();
    // The authenticated caller's name rides every command's envelope into the handler (the actor on each event)
    // and into Marten's user_name column.
    opts.EnableRelayOfUserName = true;
    // Storage for Idempotency-Key replays (IdempotentWrites).
    opts.Durability.EnableDeduplicatedResponses = true;
    // The handlers' code is generated ahead of time (Internal/Generated, `codegen write`; .ci/run fails when it is stale):
    // no Roslyn in the process, so it starts faster and holds about a hundred megabytes less.
    opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
});
// Started after Wolverine, so the commands they send find its runtime up.
builder.Services.AddHostedService<SeedLoader>();
// Stops before Wolverine and after the web host: the claims still in line are written while Wolverine still runs.
builder.Services.AddSingleton<SharedCommits>().AddHostedService(sp => sp.GetRequiredService<SharedCommits>());
builder.Services.AddProjectionRebuilds();
builder.Services.AddChangeFeeds();
builder.Services.AddWebhooks();
// Idempotency-Key claims left unanswered by a crash or a database outage would otherwise refuse retries for 24 hours.
builder.Services.AddHostedService<AbandonedIdempotencyClaims>();
builder.Services.AddWolverineHttp();
builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(ProblemShape.Configure);
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Logging.QuietWolverineInvocations();
builder.Services.AddExceptionHandler<InfrastructureExceptions>();
builder.Services.AddLedgerTelemetry(builder.Configuration);
builder.Services.AddLedgerHealth();
builder.Services.AddProjectedReadCache(builder.Configuration);
builder.Services.AddLedgerResponseCompression();
builder.Services.AddLedgerOpenApi();
builder.Services.AddHostedService<StartupReport>();

var app = builder.Build();
// A bad setting stops start-up with one line per problem, each naming its key (JasperFx would print a stack trace).
if (LedgerConfiguration.Failures(app.Services) is { Count: > 0 } failures)
{
    foreach (var failure in failures) await Console.Error.WriteLineAsync($"Configuration error: {failure}");
    return 2;
}
// Outermost: problems and cached answers are compressed on the way out like any other (Http/ResponseCompression).
app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
// HEAD is routed as the GET it mirrors, so routing comes after it (WebApplication would otherwise route first).
app.UseMiddleware<HeadRequests>();
app.UseRouting();
// Every answer, reads included, echoes the request's correlation id (set as the answer starts: after the output cache has
// taken its copy, so a cached answer never carries another request's id).
app.Use(Correlation.EchoAsync);
app.UseMiddleware<SecurityHeaders>();
app.UseMiddleware<RequestBodyLimit>();
app.UseMiddleware<RequestContent>();
app.UseMiddleware<AcceptableJson>();
app.UseMiddleware<RequestTextGuard>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<LedgerPosition>();
// After LedgerPosition: an alignment read is cached under the projection positions it names (ProjectedReadCache).
app.UseOutputCache();
app.UseLedgerOpenApi();
app.MapLedgerHealth();
if (!CommandArguments.AsksForHelp(args)) app.MapWolverineEndpoints(o =>
{
    o.MapConcurrencyFailuresToConflict(_ => true);
    o.AddPolicy<AccessPolicy>();
    o.AddPolicy<IdempotentWrites>();
    o.AddPolicy<ProblemResponses>();
    // '?page=abc' is a 400, not a silent page 0.
    o.RejectUnparseableQueryValues = true;
    o.RejectUnparseableHeaderValues = true;
});

// No command: just serve, without JasperFx's command discovery (it prints a line per assembly it searches).
if (CommandArguments.WithoutSettings(args).Length == 0)
{
    await app.RunAsync();
    return 0;
}
if (CommandArguments.AsksForHelp(args)) LedgerHelp.Print();
return await app.RunJasperFxCommands(CommandArguments.WithoutSettings(args));

public partial class Program;
