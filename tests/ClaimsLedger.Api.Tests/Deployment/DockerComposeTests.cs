using Microsoft.Extensions.Configuration;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace ClaimsLedger.Api.Tests.Deployment;

/// <summary>
/// No Docker engine runs in CI, so the deployment files are checked by reading them: docker-compose.yml must
/// wire the API to its PostgreSQL service with matching credentials and health gating, and the Dockerfile must
/// expose and run the API.
/// </summary>
public sealed class DockerComposeTests
{
    private static string ReadRepoFile(params string[] parts)
    {
        var path = Path.Combine([Support.Repository.Root, .. parts]);
        File.Exists(path).ShouldBeTrue($"{path} should exist");
        return File.ReadAllText(path);
    }

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(ReadRepoFile("docker-compose.yml")));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return Mapping(root, "services");
    }

    private static YamlMappingNode Service(string name) => Mapping(Services(), name);

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlMappingNode Mapping(YamlMappingNode node, string key)
    {
        var child = Child(node, key);
        child.ShouldBeOfType<YamlMappingNode>($"'{key}' should be a mapping");
        return (YamlMappingNode)child!;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    /// <summary>Compose allows `environment` as a mapping or as a list of KEY=value strings.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        var env = Child(service, "environment");
        return env switch
        {
            YamlMappingNode map => map.Children.ToDictionary(kv => Scalar(kv.Key), kv => Scalar(kv.Value)),
            YamlSequenceNode seq => seq.Children.Select(Scalar).Select(s => s.Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => [],
        };
    }

    /// <summary>Published ports in short syntax ("[ip:]host:container"), or long syntax's target/host_ip.</summary>
    private static List<(string? HostIp, string Container)> Ports(YamlMappingNode service)
    {
        var ports = new List<(string?, string)>();
        if (Child(service, "ports") is not YamlSequenceNode seq) return ports;
        foreach (var item in seq.Children)
        {
            if (item is YamlMappingNode longForm)
            {
                var hostIp = Child(longForm, "host_ip") is { } ip ? Scalar(ip) : null;
                ports.Add((hostIp, Scalar(Child(longForm, "target")!)));
                continue;
            }
            var parts = Scalar(item).Split('/')[0].Split(':');
            ports.Add((parts.Length == 3 ? parts[0] : null, parts[^1]));
        }
        return ports;
    }

    private static string HealthcheckCommand(YamlMappingNode service)
    {
        var test = Child(Mapping(service, "healthcheck"), "test");
        test.ShouldNotBeNull("healthcheck should have a test");
        return test is YamlSequenceNode seq ? string.Join(' ', seq.Children.Select(Scalar)) : Scalar(test);
    }

    [Fact]
    public void Compose_defines_postgres_and_api_services()
    {
        var services = Services();
        Child(services, "postgres").ShouldBeOfType<YamlMappingNode>();
        Child(services, "api").ShouldBeOfType<YamlMappingNode>();
        Scalar(Child(Service("postgres"), "image")!).ShouldStartWith("postgres:");
        Scalar(Child(Mapping(Service("api"), "build"), "dockerfile")!).ShouldBe("Dockerfile");
    }

    [Fact]
    public void Postgres_runs_the_server_settings_the_embedded_server_runs()
    {
        var command = Child(Service("postgres"), "command").ShouldBeOfType<YamlSequenceNode>().Children.Select(Scalar).ToList();
        command[0].ShouldBe("postgres");
        var settings = command.Skip(1).Chunk(2).ToList();
        settings.ShouldAllBe(pair => pair.Length == 2 && pair[0] == "-c");
        settings.Select(pair => pair[1]).ShouldBe(ClaimsLedger.EmbeddedPostgres.ServerTuning.All, ignoreOrder: true);
    }

    [Fact]
    public void Postgres_runs_with_the_server_environment_the_embedded_server_runs_with()
    {
        var postgres = Environment(Service("postgres"));
        foreach (var (name, value) in ClaimsLedger.EmbeddedPostgres.ServerTuning.Environment) postgres.ShouldContainKeyAndValue(name, value);
        // The variable is glibc's: an image on another C library (the -alpine ones: musl) would ignore it.
        Scalar(Child(Service("postgres"), "image")!).ShouldNotContain("alpine");
    }

    [Fact]
    public void Api_waits_for_a_healthy_postgres()
    {
        var dependsOn = Mapping(Service("api"), "depends_on");
        Scalar(Child(Mapping(dependsOn, "postgres"), "condition")!).ShouldBe("service_healthy");
    }

    [Fact]
    public void Api_connection_string_names_the_postgres_service_and_its_credentials()
    {
        var api = Environment(Service("api"));
        var postgres = Environment(Service("postgres"));
        api.ShouldContainKey("ConnectionStrings__Marten");

        var cs = new NpgsqlConnectionStringBuilder(api["ConnectionStrings__Marten"]);
        cs.Host.ShouldBe("postgres");
        cs.Port.ShouldBe(5432);
        cs.Database.ShouldBe(postgres["POSTGRES_DB"]);
        cs.Username.ShouldBe(postgres["POSTGRES_USER"]);
        cs.Password.ShouldBe(postgres["POSTGRES_PASSWORD"]);
    }

    [Fact]
    public void The_api_settings_pass_the_apps_own_start_up_checks()
    {
        // Environment variables as the container gets them: ClaimsLedger__X → ClaimsLedger:X.
        var settings = Environment(Service("api")).ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<Api.Configuration.LedgerOptions>(
            configuration.GetSection(Api.Configuration.LedgerOptions.Section)) ?? new Api.Configuration.LedgerOptions();

        var result = new Api.Configuration.LedgerOptionsValidator(configuration).Validate(null, options);

        result.Failed.ShouldBeFalse(string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void Api_listens_on_all_interfaces_and_publishes_5080_on_loopback()
    {
        var service = Service("api");
        var urls = new Uri(Environment(service)["Urls"]);
        urls.Host.ShouldBe("0.0.0.0");
        urls.Port.ShouldBe(5080);

        var ports = Ports(service);
        ports.ShouldContain(p => p.Container == "5080");
        ports.ShouldAllBe(p => p.HostIp == "127.0.0.1");
    }

    [Fact]
    public void Postgres_port_is_published_on_loopback_only()
    {
        Ports(Service("postgres")).ShouldAllBe(p => p.HostIp == "127.0.0.1");
    }

    [Fact]
    public void Both_services_have_healthchecks_and_the_api_checks_its_health_endpoint()
    {
        HealthcheckCommand(Service("postgres")).ShouldContain("pg_isready");
        var api = HealthcheckCommand(Service("api"));
        api.ShouldContain("http://127.0.0.1:5080/health");
        // The check's tool must exist in the image: curl is installed in the Dockerfile's runtime stage.
        if (api.Contains("curl")) ReadRepoFile("Dockerfile").ShouldContain("install -y --no-install-recommends curl");
    }

    [Fact]
    public void Dockerfile_exposes_5080_and_runs_the_api_as_non_root()
    {
        var lines = ReadRepoFile("Dockerfile").Split('\n').Select(l => l.Trim()).ToList();
        lines.ShouldContain(l => l.StartsWith("EXPOSE ") && l.Split(' ').Contains("5080"));
        lines.ShouldContain(l => l.StartsWith("ENV Urls=http://0.0.0.0:5080"));
        lines.ShouldContain(l => l.StartsWith("ENTRYPOINT") && l.Contains("ClaimsLedger.Api.dll"));
        lines.ShouldContain(l => l.StartsWith("USER ") && l != "USER root" && l != "USER 0");
        // The csproj copies ../../seeds/** beside the binaries, so the build stage must have the seeds.
        lines.ShouldContain(l => l.StartsWith("COPY seeds"));
    }
}
