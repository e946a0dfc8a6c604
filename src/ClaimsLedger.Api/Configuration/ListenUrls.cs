using System.Net;

namespace ClaimsLedger.Api.Configuration;

/// <summary>Where the API listens: <c>Urls</c> (semicolon-separated), by default loopback port 5080.</summary>
public static class ListenUrls
{
    public const string Default = "http://127.0.0.1:5080";

    public static IReadOnlyList<string> Of(IConfiguration configuration) =>
        (configuration["Urls"] ?? Default).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2)[^1].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
