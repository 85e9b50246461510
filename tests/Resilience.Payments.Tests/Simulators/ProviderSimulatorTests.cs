using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Tests.Simulators;

public sealed class ProviderSimulatorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestSimulator _sim;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public ProviderSimulatorTests() => _sim = new TestSimulator(_time, seed: 5);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task During_Window_FaultFiresOnlyInsideTheWindow()
    {
        _sim.During(Start.AddMinutes(1), Start.AddMinutes(2), s => s.Fail503());

        Assert.Equal(HttpStatusCode.OK, await PingAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PingAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, await PingAsync());
        var fault = Assert.Single(_sim.Faults);
        Assert.Equal((Start.AddMinutes(1), Start.AddMinutes(2)), (fault.From, fault.Until));
    }

    [Fact]
    public async Task Draw_SameSeed_SameDraws()
    {
        await using var twin = new TestSimulator(_time, seed: 5);
        await using var other = new TestSimulator(_time, seed: 6);
        foreach (var sim in new[] { _sim, twin, other })
        {
            sim.Fail503(0.5).LoseCallbacks(0.3);
        }

        static string Run(TestSimulator sim) => string.Join(",", Enumerable.Range(0, 50).Select(i =>
            i % 3 == 0 ? sim.NextRandom().ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : i % 3 == 1 ? (sim.DrawFault(SimulatorFaultKind.Http503) is null ? "-" : "503")
            : (sim.DrawFault(SimulatorFaultKind.LoseCallbacks) is null ? "-" : "lose")));

        var first = Run(_sim);
        Assert.Equal(first, Run(twin));
        Assert.NotEqual(first, Run(other));
    }

    [Fact]
    public async Task Draw_RateZeroOrOne_NeverOrAlwaysFires()
    {
        _sim.Fail503(0);
        Assert.Null(_sim.DrawFault(SimulatorFaultKind.Http503));

        _sim.ClearFaults();
        _sim.Fail503();
        Assert.NotNull(_sim.DrawFault(SimulatorFaultKind.Http503));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task DownBetween_Window_RefusesConnectionsThenComesBackOnTheSamePort()
    {
        var address = _sim.BaseAddress;
        _sim.DownBetween(Start.AddMinutes(1), Start.AddMinutes(2));
        Assert.Equal(HttpStatusCode.OK, await PingAsync());

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_sim.IsUp);
        await Assert.ThrowsAsync<HttpRequestException>(PingAsync);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_sim.IsUp);
        Assert.Equal(address, _sim.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, await PingAsync());
    }

    [Fact]
    public async Task AddFault_DownWithoutStart_StopsNowAndRestartsAtUntil()
    {
        _sim.AddFault(new SimulatorFault(SimulatorFaultKind.Down) { Until = Start.AddSeconds(30) });

        Assert.False(_sim.IsUp);
        await Assert.ThrowsAsync<HttpRequestException>(PingAsync);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, await PingAsync());
    }

    [Fact]
    public async Task ClearFaults_ScheduledDown_NeverStops()
    {
        _sim.DownBetween(Start.AddMinutes(1), Start.AddMinutes(2));

        _sim.ClearFaults();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(_sim.IsUp);
        Assert.Equal(HttpStatusCode.OK, await PingAsync());
    }

    [Fact]
    public async Task DownThenUp_Manual_RefusesThenAnswers()
    {
        _sim.Down();
        await Assert.ThrowsAsync<HttpRequestException>(PingAsync);

        _sim.Up();
        Assert.Equal(HttpStatusCode.OK, await PingAsync());
    }

    [Fact]
    public async Task SendCallbackAsync_NoFault_PostsOnceWithHeaders()
    {
        using var receiver = Receiver();

        Assert.Equal(1, await _sim.Callback(new Uri(receiver.Url + "/cb"), """{"a":1}"""));

        var entry = Assert.Single(receiver.LogEntries);
        Assert.Equal("""{"a":1}""", entry.RequestMessage!.Body);
        Assert.Equal("1", entry.RequestMessage!.Headers!["x-test"][0]);
        Assert.Equal(1, _sim.CallbacksSent);
    }

    [Fact]
    public async Task SendCallbackAsync_LoseAndDuplicate_PostsNoneOrTwice()
    {
        using var receiver = Receiver();
        var url = new Uri(receiver.Url + "/cb");

        _sim.LoseCallbacks();
        Assert.Equal(0, await _sim.Callback(url, "{}"));
        _sim.ClearFaults();
        _sim.DuplicateCallbacks();
        Assert.Equal(2, await _sim.Callback(url, "{}"));

        Assert.Equal(2, receiver.LogEntries.Count);
    }

    [Fact]
    public async Task SendCallbackAsync_LostThenDuplicated_RecordedInCallbacksWithTheirDeliveries()
    {
        using var receiver = Receiver();
        var url = new Uri(receiver.Url + "/cb");

        _sim.LoseCallbacks();
        await _sim.Callback(url, "{}");
        _sim.ClearFaults();
        _sim.DuplicateCallbacks();
        await _sim.Callback(url, """{"b":2}""");

        Assert.Collection(
            _sim.Callbacks,
            lost => Assert.Equal((0, "{}", "POST"), (lost.Deliveries, lost.Body, lost.Method)),
            twice => Assert.Equal((2, """{"b":2}""", "1"), (twice.Deliveries, twice.Body, twice.Headers["x-test"])));
        Assert.All(_sim.Callbacks, c => Assert.Equal(("test", "ref", url), (c.Provider, c.MerchantReference, c.Url)));
    }

    [Fact]
    public async Task SendCallbackAsync_Delayed_PostsOnlyAfterTheClockPassesTheDelay()
    {
        using var receiver = Receiver();
        _sim.DelayCallbacks(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        var sent = _sim.Callback(new Uri(receiver.Url + "/cb"), "{}");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(sent.IsCompleted);
        Assert.Empty(receiver.LogEntries);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sent);
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(receiver.LogEntries);
    }

    [Fact]
    public async Task RecordCharge_Charge_AppearsInLedger()
    {
        var charge = new SimulatedCharge("test", "park-001", "T1", 50m, "KES", Start);

        _sim.Charge(charge);

        Assert.Equal(charge, Assert.Single(_sim.Charges));
        await Task.CompletedTask;
    }

    private static WireMockServer Receiver()
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/cb").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        return server;
    }

    private async Task<HttpStatusCode> PingAsync()
    {
        using var response = await _http.GetAsync(new Uri(_sim.BaseAddress, "ping"));
        return response.StatusCode;
    }
}
