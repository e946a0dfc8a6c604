using System.Text;
using ClaimsLedger.Api.Reports.Render;
using JasperFx.CommandLine;
using Marten.Events;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClaimsLedger.Api.Reports;

public sealed class ReportInput : NetCoreInput
{
    [Description("Comma-separated subjects, e.g. KZ,KG (at most 20)")]
    public string SubjectsFlag { get; set; } = "";

    [Description("Record time the report is as of (ISO 8601; a date alone means 00:00 UTC); default now")]
    [FlagAlias("as-of", true)]
    public string? AsOfFlag { get; set; }

    [Description("Keep claims whose valid time overlaps from this year, month or day")]
    [FlagAlias("valid-from", true)]
    public string? ValidFromFlag { get; set; }

    [Description("Keep claims whose valid time overlaps up to this year, month or day")]
    [FlagAlias("valid-to", true)]
    public string? ValidToFlag { get; set; }

    [Description("Count only evidence from sources published by this date (or month, year, instant)")]
    [FlagAlias("published-by", true)]
    public string? PublishedByFlag { get; set; }

    [Description("json, markdown, html or csv (default json)")]
    public string FormatFlag { get; set; } = "json";

    [Description("File to write; standard output when omitted")]
    public string? OutFlag { get; set; }
}

[Description("Writes an alignment report, the same bytes as GET /api/reports/alignment", Name = "report")]
public sealed class ReportCommand : JasperFxAsyncCommand<ReportInput>
{
    public override async Task<bool> Execute(ReportInput input)
    {
        if (!ReportRequest.TryRead(input.SubjectsFlag, input.AsOfFlag, input.ValidFromFlag, input.ValidToFlag, input.FormatFlag,
                out var request, out var errors, input.PublishedByFlag))
        {
            await Console.Error.WriteLineAsync($"Invalid report parameters: {errors}");
            return false;
        }

        using var host = input.BuildHost();
        // The full host starts (seeds load, the projection daemon catches up), but listening on the configured
        // port would collide with a running API: an ephemeral loopback port serves nothing anyone calls.
        if (host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>() is { Addresses.IsReadOnly: false } addresses)
        {
            addresses.Addresses.Clear();
            addresses.Addresses.Add("http://127.0.0.1:0");
        }
        await host.StartAsync();
        try
        {
            // Marten's wait throws on a store with no events at all; an empty ledger has nothing to catch up on.
            var statistics = await host.Services.GetRequiredService<IDocumentStore>().Advanced.FetchEventStoreStatistics();
            if (statistics.EventCount > 0) await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5));
            var text = await RenderAsync(host.Services, request, CancellationToken.None);
            if (input.OutFlag is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(Encoding.UTF8.GetBytes(text));
            }
            else
            {
                await WriteFileAsync(input.OutFlag, text, CancellationToken.None);
                await Console.Error.WriteLineAsync($"Wrote {Path.GetFullPath(input.OutFlag)} ({request.Format.ToString().ToLowerInvariant()}, {Encoding.UTF8.GetByteCount(text)} bytes)");
            }
        }
        finally
        {
            await host.StopAsync();
        }
        return true;
    }

    /// <summary>
    /// Whether the process is running this command. Program then points Console.Out at standard error before anything
    /// captures it (the console logger and JasperFx's console both do), and the report writes to the raw stdout stream.
    /// </summary>
    public static bool OwnsStandardOutput(string[] args) => args.Length > 0 && args[0] == "report";

    /// <summary>The command's core, shared with the endpoint: the same builder and renderer, so the same bytes.</summary>
    public static async Task<string> RenderAsync(IServiceProvider services, ReportRequest request, CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var asOf = request.Query.AsOf ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
        var report = await AlignmentReportBuilder.BuildAsync(session, request, asOf, ct);
        return ReportRenderer.Render(report, request.Format);
    }

    /// <summary>UTF-8 without a byte-order mark, so the file equals the HTTP body byte for byte.</summary>
    public static Task WriteFileAsync(string path, string text, CancellationToken ct) =>
        File.WriteAllTextAsync(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
}
