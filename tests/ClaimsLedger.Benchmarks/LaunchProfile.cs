namespace ClaimsLedger.Benchmarks;

/// <summary>
/// The environment the API's launch profile gives it (<c>src/ClaimsLedger.Api/Properties/launchSettings.json</c>, what
/// <c>dotnet run --project src/ClaimsLedger.Api</c> applies and the Dockerfile repeats): settings the .NET runtime reads from
/// the environment only, such as the gen0 budget's floor (<c>DOTNET_GCgen0size</c>). The harness runs the API with them, as
/// it is run in use; <c>--api-env</c> overrides any of them.
/// </summary>
public static class LaunchProfile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, "src", "ClaimsLedger.Api", "Properties", "launchSettings.json");
        var profile = JsonNode.Parse(File.ReadAllText(path))!["profiles"]!["ClaimsLedger.Api"]!;
        return profile["environmentVariables"]?.AsObject().Select(v => KeyValuePair.Create(v.Key, v.Value!.GetValue<string>())).ToList() ?? [];
    }
}
