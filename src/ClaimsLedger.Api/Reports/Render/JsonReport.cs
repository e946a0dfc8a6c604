using System.Text.Json;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>The report model as JSON, with the API's conventions (camelCase, enums as strings) and a fixed layout.</summary>
public static class JsonReport
{
    // Serialized here rather than by the HTTP pipeline so the endpoint and the command line write the same bytes.
    private static readonly JsonSerializerOptions Options = Create();

    public static string Render(AlignmentReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NewLine = "\n" };
        LedgerJson.Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
