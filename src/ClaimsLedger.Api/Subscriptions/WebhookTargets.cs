using System.Net;
using System.Net.Sockets;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// Where webhooks may go. A subscription makes the ledger send requests on an admin's behalf, so without limits it would
/// reach what only the ledger's host can reach (a database port, a cloud metadata service at 169.254.169.254): server-side
/// request forgery. Targets are http(s) URLs whose addresses are public. A name is checked where it matters, when the
/// connection is made (<see cref="ConnectAsync"/>: resolve, drop every non-public address, connect to what is left), so
/// a name that later resolves elsewhere (DNS rebinding) is refused then; redirects are not followed and no proxy is used.
/// <c>ClaimsLedger:Webhooks:AllowPrivateTargets</c> lifts the address rule for receivers on a private network (and tests).
/// </summary>
public static partial class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    /// <summary>The URL's problem, or null when it may be subscribed; literal addresses and localhost are checked now.</summary>
    public static string? Problem(string url, bool allowPrivate)
    {
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters.";
        // .NET's parser takes what RFC 3986 does not (spaces, line breaks, "%zz"), and the subscription would carry the URL
        // as it was given.
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "must not contain spaces or control characters.";
        if (BadEscape().IsMatch(url)) return "must percent-encode with two hexadecimal digits (%2F).";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return "must be an absolute http or https URL.";
        if (uri.Port == 0) return "must name a port from 1 to 65535.";
        if (uri.UserInfo.Length > 0) return "must not carry credentials; the signature authenticates the ledger to the receiver.";
        if (uri.Fragment.Length > 0) return "must not have a fragment.";
        if (allowPrivate) return null;
        // "localhost." is localhost too (a fully qualified name with its root).
        var host = uri.IdnHost.Trim('[', ']').TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return PrivateRule;
        return IPAddress.TryParse(host, out var address) && !IsPublic(address) ? PrivateRule : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial System.Text.RegularExpressions.Regex BadEscape();

    public const string PrivateRule =
        "must not address a loopback, private, link-local or otherwise reserved network (set ClaimsLedger:Webhooks:AllowPrivateTargets=true for receivers on a private network).";

    /// <summary>Whether an address is on the public internet: not loopback, private, shared, link-local, multicast, documentation or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                     || b[0] == 100 && b[1] is >= 64 and <= 127          // shared address space (carrier-grade NAT)
                     || b[0] == 169 && b[1] == 254                       // link-local, cloud metadata services
                     || b[0] == 172 && b[1] is >= 16 and <= 31
                     || b[0] == 192 && b[1] == 168
                     || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2       // IETF protocol assignments, documentation
                     || b[0] == 198 && b[1] is 18 or 19                  // benchmarking
                     || b[0] == 198 && b[1] == 51 && b[2] == 100
                     || b[0] == 203 && b[1] == 0 && b[2] == 113);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        var v6 = address.GetAddressBytes();
        // Addresses that embed an IPv4 one (NAT64, 6to4, IPv4-compatible) are judged by what they could reach: refused.
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) return false;
        if (v6[0] == 0x20 && v6[1] == 0x02) return false;
        if (v6.Take(12).All(x => x == 0)) return false;
        return !(v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8);   // documentation
    }

    /// <summary>
    /// The connection for a webhook request: the host's addresses, less every non-public one unless allowed, tried in turn.
    /// Called by the HTTP handler for every new connection, so the check and the connection use the same resolution.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var usable = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (usable.Length == 0)
            throw new WebhookTargetRefusedException(
                $"{host} has no public address ({string.Join(", ", addresses.Select(a => a.ToString()))}); webhooks are not sent to loopback, private or link-local networks.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

public sealed class WebhookTargetRefusedException(string message) : Exception(message);
