using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// A second API host, configured as a deployment is: API keys for a reader, an analyst and an admin, and a tight admin
/// rate limit. It has a database of its own on the test server, so its async daemon never meets the main host's.
/// </summary>
public sealed class KeyedLedger : IAsyncLifetime
{
    public const string ReaderKey = "reader-key-0123456789abcdefghij", AnalystKey = "analyst-key-0123456789abcdefghij", AdminKey = "admin-key-0123456789abcdefghijkl";
    public const int AdminPerMinute = 2;

    private readonly LedgerFixture _server = new();
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        var database = await _server.NewDatabaseAsync("claimsledger_keyed");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Marten", database);
            web.UseSetting("ClaimsLedger:LoadSeeds", "false");
            web.UseSetting("ClaimsLedger:RateLimit:AdminPerMinute", AdminPerMinute.ToString());
            Key(web, 0, "reader-bot", ReaderKey, "reader");
            Key(web, 1, "ana@example.org", AnalystKey, "analyst");
            Key(web, 2, "ops", AdminKey, "admin");
        });
        Client = _factory.CreateClient();
    }

    // One key as its SHA-256, the way create-api-key prints it, so the configuration never holds the key itself.
    private static void Key(IWebHostBuilder web, int index, string name, string key, string role)
    {
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:Name", name);
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:KeySha256", Convert.ToHexString(global::ClaimsLedger.Api.Access.ApiKeyOptions.Hash(key)));
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:Role", role);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _server.DisposeAsync();
    }
}
