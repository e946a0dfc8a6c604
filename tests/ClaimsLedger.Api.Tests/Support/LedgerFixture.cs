using ClaimsLedger.EmbeddedPostgres;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// One API host per test run, on a private PostgreSQL started by the same code the API uses when no
/// connection string is configured. Tests in the "Ledger" collection run one at a time and reset the store first.
/// </summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"claimsledger-tests-{Guid.NewGuid():N}");
    private EmbeddedPostgresServer? _postgres;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>Record time in tests: starts at a fixed instant and moves only when a test moves it (plus 1 ms per read).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 7, 1, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    /// <summary>What the API logged at warning and above (what an operator is alerted by), for tests of what it reports.</summary>
    public FakeLogCollector Logs { get; } = FakeLogCollector.Create(new FakeLogCollectorOptions
    {
        FilteredLevels = { LogLevel.Warning, LogLevel.Error, LogLevel.Critical },
    });

    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString => _postgres!.ConnectionString;

    /// <summary>A fresh database of its own on the test server, for a second host that must not share the first one's ledger.</summary>
    public async Task<string> NewDatabaseAsync(string name)
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task InitializeAsync()
    {
        _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory }, NullLogger.Instance);
        // Host settings, not environment variables: nothing leaks into the rest of the test process or its children.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
            web.UseSetting("ConnectionStrings:Marten", _postgres.ConnectionString);
            web.UseSetting("ClaimsLedger:LoadSeeds", "false");
            // Tests poll as fast as they like, and the rebuild tests' operator starts more than ten rebuilds a minute in one
            // host; the limiter has tests of its own (KeyedLedgerFixture).
            web.UseSetting("ClaimsLedger:RateLimit:PerSecond", "1000000");
            web.UseSetting("ClaimsLedger:RateLimit:Burst", "1000000");
            web.UseSetting("ClaimsLedger:RateLimit:AdminPerMinute", "1000000");
            web.UseSetting("ClaimsLedger:ReadYourWrites:MaxWait", "00:00:02");
            // Webhook tests deliver to a receiver on 127.0.0.1, retry every 0.1–0.5 s and dead-letter after 8 attempts.
            web.UseSetting("ClaimsLedger:Webhooks:AllowPrivateTargets", "true");
            web.UseSetting("ClaimsLedger:Webhooks:FirstRetryDelay", "00:00:00.100");
            web.UseSetting("ClaimsLedger:Webhooks:MaxRetryDelay", "00:00:00.500");
            web.UseSetting("ClaimsLedger:Webhooks:MaxAttempts", "8");
            // The index upkeep's tests run its rounds themselves: one of its own on a timer could hold the lock they take.
            web.UseSetting("ClaimsLedger:IndexUpkeep:Every", "00:00:00");
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        Client = _factory.CreateClient();
        await ResetAsync();
    }

    public async Task ResetAsync()
    {
        var host = Services.GetRequiredService<IHost>();
        await host.ResetAllMartenDataAsync();
    }

    /// <summary>Loads seeds/ through the seed loader, as a first start does.</summary>
    public Task SeedAsync() =>
        Api.Seeds.SeedLoader.LoadAsync(Services, Api.Seeds.SeedCorpus.Read(Api.Seeds.SeedCorpus.Locate(null)!), CancellationToken.None);

    /// <summary>How many events the log holds: all of them, or those of claim streams, or those of every other stream.</summary>
    public async Task<long> EventCountAsync(EventStreams streams = EventStreams.All)
    {
        await using var session = Store.QuerySession();
        var events = session.Events.QueryAllRawEvents();
        return streams switch
        {
            EventStreams.Claims => await events.CountAsync(e => e.StreamKey!.StartsWith("clm-")),
            EventStreams.NotClaims => await events.CountAsync(e => !e.StreamKey!.StartsWith("clm-")),
            _ => await events.CountAsync(),
        };
    }

    /// <summary>Runs SQL on the ledger's database beside the API, as another program with write access to it would.</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row a query returns on the ledger's database, each read by <paramref name="read"/>.</summary>
    public async Task<List<T>> RowsAsync<T>(string sql, Func<Npgsql.NpgsqlDataReader, T> read)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>The first column of a query's one row on the ledger's database (default when it is NULL).</summary>
    public async Task<T?> ScalarAsync<T>(string sql) =>
        (await RowsAsync(sql, reader => reader.IsDBNull(0) ? default : reader.GetFieldValue<T>(0))).Single();

    public Task WaitForProjectionsAsync() =>
        Services.GetRequiredService<IHost>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Which streams' events <see cref="LedgerFixture.EventCountAsync"/> counts.</summary>
public enum EventStreams { All, Claims, NotClaims }

[CollectionDefinition("Ledger")]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>;

/// <summary>Base for integration tests: a clean store before each test, and HTTP helpers.</summary>
[Collection("Ledger")]
public abstract class LedgerTest(LedgerFixture fixture) : IAsyncLifetime
{
    protected LedgerFixture Fixture { get; } = fixture;
    protected LedgerApi Api { get; } = new(fixture.Client);

    public virtual Task InitializeAsync() => Fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;
}
