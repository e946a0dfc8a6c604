using System.Net;
using System.Net.Sockets;

namespace ClaimsLedger.EmbeddedPostgres.Tests;

/// <summary>Ports for servers restarted on the port they had: never one an outgoing connection can be given meanwhile.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Ports_come_from_below_the_ephemeral_range_are_free_and_are_not_handed_out_twice()
    {
        if (!OperatingSystem.IsLinux()) return;   // the range is read from /proc
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);

        var ports = Enumerable.Range(0, 50).Select(_ => LoopbackPorts.Free()).ToList();

        ports.Distinct().Count().ShouldBe(ports.Count);
        foreach (var port in ports)
        {
            port.ShouldBeLessThan(ephemeralStart);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            Should.NotThrow(listener.Start, $"port {port} was handed out but cannot be bound");
        }
    }
}
