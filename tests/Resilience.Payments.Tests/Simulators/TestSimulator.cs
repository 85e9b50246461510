using Resilience.Payments.Testing.Simulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Tests.Simulators;

/// <summary>The smallest simulator on the base: <c>GET /ping</c> answers 200, or 503 while an <see cref="SimulatorFaultKind.Http503"/> fault fires.</summary>
internal sealed class TestSimulator : ProviderSimulator<TestSimulator>
{
    public TestSimulator(TimeProvider? timeProvider = null, int seed = 1)
        : base(timeProvider, seed)
    {
        Start();
    }

    public override string ProviderName => "test";

    public SimulatorFault? DrawFault(SimulatorFaultKind kind) => Draw(kind);

    public double NextRandom() => Random.NextDouble();

    public Task<int> Callback(Uri? url, string body) =>
        SendCallbackAsync(new SimulatedCallback(ProviderName, "ref", null, "POST", url, body, 0, default) { Headers = new Dictionary<string, string> { ["x-test"] = "1" } });

    public void Charge(SimulatedCharge charge) => RecordCharge(charge);

    internal override void MapRoutes(WireMockServer server) =>
        server.Given(Request.Create().WithPath("/ping").UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            Draw(SimulatorFaultKind.Http503) is null
                ? new WireMock.ResponseMessage { StatusCode = 200 }
                : new WireMock.ResponseMessage { StatusCode = 503 }));
}
