using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.CommandLine;

/// <summary>
/// The API loads its Wolverine handlers from code generated ahead of time (TypeLoadMode.Static, no Roslyn at run time), so
/// the committed code must be what today's endpoints and handlers generate: a changed signature with stale code would
/// compile yet read the request the old way. After changing an endpoint or handler, run from src/ClaimsLedger.Api:
/// <c>dotnet bin/Debug/net10.0/ClaimsLedger.Api.dll codegen write</c> and commit Internal/Generated (when the old code no longer
/// compiles, delete the folder, build, generate, build again).
/// </summary>
[Collection("EmbeddedPostgres")]
public sealed class GeneratedCodeTests
{
    private static readonly string Committed = Path.Combine(Repository.Root, "src", "ClaimsLedger.Api", "Internal", "Generated");

    [Fact]
    public async Task the_committed_handler_code_is_what_the_endpoints_and_handlers_generate_today()
    {
        var work = Path.Combine(Path.GetTempPath(), $"claimsledger-codegen-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var (code, output) = await ApiProcess.RunAsync(work, new Dictionary<string, string>
            {
                ["ClaimsLedger__DataDirectory"] = Path.Combine(work, "data"),
            }, "codegen", "write");
            code.ShouldBe(0, output);

            var generated = Path.Combine(work, "Internal", "Generated");
            Files(generated).Keys.ShouldBe(Files(Committed).Keys, ignoreOrder: true,
                "run `codegen write` in src/ClaimsLedger.Api and commit Internal/Generated");
            foreach (var (name, text) in Files(generated))
                Files(Committed)[name].ShouldBe(text, $"{name} is stale: run `codegen write` in src/ClaimsLedger.Api and commit Internal/Generated");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}
