using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Payments.Tests.Safety;

/// <summary>A gateway over scripted providers, an in-memory store, a fake clock and an event recorder.</summary>
internal sealed class SafetyHarness : IDisposable
{
    public SafetyHarness(params ScriptedProvider[] providers)
    {
        Time = new FakeTimeProvider(Resilience.Payments.Tests.Gateway.GatewayHarness.Start);
        Providers = providers;
        Options = new PaymentGatewayOptions { InstanceName = "test" };
        Gateway = new PaymentGateway(providers, Store, Microsoft.Extensions.Options.Options.Create(Options), Time, LoggerFactory.Create(_ => { }), [Events], null, new Random(1));
        Events.DeliverFrom = Gateway;
    }

    public FakeTimeProvider Time { get; }

    public InMemoryPaymentStore Store { get; } = new();

    public IReadOnlyList<ScriptedProvider> Providers { get; }

    public PaymentGatewayOptions Options { get; }

    public Resilience.Payments.Tests.Gateway.GatewayHarness.RecordingObserver Events { get; } = new();

    public PaymentGateway Gateway { get; }

    public Task<int> ReconcileAsync() => Gateway.Claimer.RunReconciliationOnceAsync(CancellationToken.None);

    public Task<int> RunQueueAsync() => Gateway.Claimer.RunQueueOnceAsync(CancellationToken.None);

    public void Dispose() => Gateway.Dispose();
}
