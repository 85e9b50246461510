using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Payments.Tests.Simulators;

/// <summary>Where a simulator listens: 127.0.0.1 by default, on first start and after Down/Up; another address only when asked.</summary>
public sealed class ProviderSimulatorBindingTests : IAsyncDisposable
{
    private readonly TestSimulator _sim = new(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero)));

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task Start_Default_ListensOnLoopbackOnly()
    {
        Assert.Equal(IPAddress.Loopback, _sim.ListenAddress);
        Assert.Equal("127.0.0.1", _sim.BaseAddress.Host);
        Assert.All(_sim.Server!.Urls, url => Assert.True(IsLoopbackUrl(url), url));
        Assert.True(await AcceptsAsync(IPAddress.Loopback, _sim.BaseAddress.Port));
        foreach (var other in NonLoopbackAddresses())
        {
            Assert.False(await AcceptsAsync(other, _sim.BaseAddress.Port), $"{other} accepted a connection");
        }
    }

    [Fact]
    public async Task Up_AfterDown_ListensOnLoopbackOnlyOnTheSamePort()
    {
        var port = _sim.BaseAddress.Port;
        _sim.Down();
        _sim.Up();

        Assert.Equal(port, _sim.BaseAddress.Port);
        Assert.All(_sim.Server!.Urls, url => Assert.True(IsLoopbackUrl(url), url));
        Assert.True(await AcceptsAsync(IPAddress.Loopback, port));
        foreach (var other in NonLoopbackAddresses())
        {
            Assert.False(await AcceptsAsync(other, port), $"{other} accepted a connection");
        }
    }

    [Fact]
    public async Task ListenOn_Any_RestartsOnTheSamePortReachableFromEveryInterfaceUntilLoopbackAgain()
    {
        var port = _sim.BaseAddress.Port;
        _sim.ListenOn(IPAddress.Any);

        Assert.True(_sim.IsUp);
        Assert.Equal(IPAddress.Any, _sim.ListenAddress);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), _sim.BaseAddress);
        Assert.True(await AcceptsAsync(IPAddress.Loopback, port));
        foreach (var other in NonLoopbackAddresses().Where(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            Assert.True(await AcceptsAsync(other, port), $"{other} refused a connection");
        }

        _sim.Down();
        _sim.Up(); // the chosen address survives a restart
        foreach (var other in NonLoopbackAddresses().Where(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            Assert.True(await AcceptsAsync(other, port), $"{other} refused a connection after Up");
        }

        _sim.ListenOn(IPAddress.Loopback);
        foreach (var other in NonLoopbackAddresses())
        {
            Assert.False(await AcceptsAsync(other, port), $"{other} accepted a connection");
        }
    }

    [Fact]
    public async Task ListenOn_SpecificAddress_BaseAddressNamesIt()
    {
        var lan = NonLoopbackAddresses().FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        if (lan is null)
        {
            Assert.Skip("The machine has no non-loopback IPv4 address.");
        }

        var port = _sim.BaseAddress.Port;
        _sim.ListenOn(lan);

        Assert.Equal(new Uri($"http://{lan}:{port}/"), _sim.BaseAddress);
        Assert.True(await AcceptsAsync(lan, port));
        Assert.False(await AcceptsAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task ListenOn_IPv6Loopback_ListensThereWithABracketedBaseAddress()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Skip("No IPv6 on this machine.");
        }

        var port = _sim.BaseAddress.Port;
        _sim.ListenOn(IPAddress.IPv6Loopback);

        Assert.Equal(new Uri($"http://[::1]:{port}/"), _sim.BaseAddress);
        Assert.True(await AcceptsAsync(IPAddress.IPv6Loopback, port));
        Assert.False(await AcceptsAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task ListenOn_WhileDown_TakesEffectOnUp()
    {
        var port = _sim.BaseAddress.Port;
        _sim.Down();
        _sim.ListenOn(IPAddress.Any);

        Assert.False(_sim.IsUp);
        _sim.Up();
        Assert.True(await AcceptsAsync(IPAddress.Loopback, port));
        Assert.Equal(IPAddress.Any, _sim.ListenAddress);
    }

    [Fact]
    public async Task ListenOn_Disposed_Throws()
    {
        await _sim.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => _sim.ListenOn(IPAddress.Any));
    }

    private static bool IsLoopbackUrl(string url)
    {
        var host = new Uri(url).Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static List<IPAddress> NonLoopbackAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)];

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
