namespace ClaimsLedger.Api.Configuration;

/// <summary>The <c>ClaimsLedger</c> configuration section (README, "Configuration"), bound once and checked at start.</summary>
public sealed class LedgerOptions
{
    public const string Section = "ClaimsLedger";

    /// <summary>Data folder of the embedded PostgreSQL (used only when no connection string is configured).</summary>
    public string DataDirectory { get; set; } = ".claimsledger";

    /// <summary>Where initdb and pg_ctl live; unset: PATH, then the highest /usr/lib/postgresql/*/bin.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Load seeds/ on start (idempotent).</summary>
    public bool LoadSeeds { get; set; } = true;

    /// <summary>The seed corpus; unset: seeds/ beside the binaries, else up from the working directory.</summary>
    public string? SeedDirectory { get; set; }

    /// <summary>API keys (README, "Access"); none: the local default, where X-Actor names the caller and only loopback is served.</summary>
    public List<Access.ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Accept connections beyond loopback with no keys configured (e.g. inside a container whose port is published on loopback only).</summary>
    public bool AllowRemoteWithoutKeys { get; set; }

    public Access.RateLimitOptions RateLimit { get; set; } = new();

    public Observability.HealthOptions Health { get; set; } = new();

    public Http.ReadYourWritesOptions ReadYourWrites { get; set; } = new();
    public Http.IdempotencyOptions Idempotency { get; set; } = new();

    public Reports.ReportOptions Reports { get; set; } = new();

    public Commands.BackpressureOptions Backpressure { get; set; } = new();

    public Claims.SharedCommitsOptions SharedCommits { get; set; } = new();

    public Http.ReadCacheOptions ReadCache { get; set; } = new();

    public Postgres.ReadOptions Reads { get; set; } = new();

    public Admin.RebuildOptions Rebuild { get; set; } = new();

    public Postgres.IndexUpkeepOptions IndexUpkeep { get; set; } = new();

    /// <summary>Serve Swagger UI at /swagger; unset: only in the local default (no keys). The OpenAPI document is always served.</summary>
    public bool? SwaggerUi { get; set; }

    public bool ServesSwaggerUi => SwaggerUi ?? ApiKeys.Count == 0;
}
