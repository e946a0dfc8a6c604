using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Hosting;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Observability;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Seeds;
using JasperFx;
using JasperFx.CommandLine;
using Microsoft.OpenApi;
using Wolverine;
using Wolverine.Http;

// `report` writes the report to standard output: logs and JasperFx's own output go to standard error.
if (ReportCommand.OwnsStandardOutput(args)) Console.SetOut(Console.Error);

// `extract-eval` is pure computation over files: it starts no database and builds no host.
if (ExtractEvalCommand.IsInvokedBy(args)) return await CommandExecutor.ExecuteCommandAsync<ExtractEvalCommand>(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5080");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = LedgerLimits.MaxRequestBodyBytes);

// Registered before Marten's daemon, Wolverine and the web host, so it stops after them: the embedded server outlives
// their shutdown. It starts when the store is first needed (see LedgerDatabase), so `help` starts no database.
builder.Services.AddSingleton<LedgerDatabase>().AddHostedService(sp => sp.GetRequiredService<LedgerDatabase>());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddLedgerStore();
builder.Services.AddHostedService<SeedLoader>();
builder.Services.AddProjectionRebuilds();

builder.Host.UseWolverine(opts =>
{
    opts.Durability.Mode = DurabilityMode.Solo;
    opts.Policies.AutoApplyTransactions();
});
builder.Services.AddWolverineHttp();
builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<InfrastructureExceptions>();
builder.Services.AddLedgerTelemetry(builder.Configuration);
builder.Services.AddHealthChecks().AddNpgSql(sp => sp.GetRequiredService<LedgerDatabase>().ConnectionString, name: "postgresql");
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(c =>
{
    c.SwaggerDoc("v1", new OpenApiInfo
    {
        Title = "ClaimsLedger API",
        Version = "v1",
        Description = "An audit-grade, event-sourced ledger of claims about geopolitical alignment.",
    });
    c.SupportNonNullableReferenceTypes();
    c.OperationFilter<ReportContentTypes>();
    c.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
});

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimit>();
app.UseSwagger();
app.UseSwaggerUI();
app.MapHealthChecks("/health");
app.MapWolverineEndpoints(o =>
{
    o.MapConcurrencyFailuresToConflict(_ => true);
    // '?page=abc' is a 400, not a silent page 0.
    o.RejectUnparseableQueryValues = true;
    o.RejectUnparseableHeaderValues = true;
});

return await app.RunJasperFxCommands(CommandArguments.WithoutSettings(args));

public partial class Program;
