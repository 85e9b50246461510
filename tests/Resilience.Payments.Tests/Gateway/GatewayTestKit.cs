using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

/// <summary>Small helpers shared by the gateway behaviour tests (kept apart from <see cref="GatewayHarness"/>).</summary>
internal static class GatewayTestKit
{
    public const string MpesaPhone = "0712345678";
    public const string AirtelPhone = "0733123456";
    public const string CardToken = "tok_visa_abc123";

    public static readonly ProviderCapabilities SafaricomOnly = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Safaricom],
        Currencies = ["KES"],
    };

    public static readonly ProviderCapabilities AirtelOnly = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Airtel],
        Currencies = ["KES"],
    };

    public static readonly ProviderCapabilities CardOnly = new()
    {
        InstrumentKinds = [InstrumentKind.Card],
        Currencies = ["KES", "USD"],
    };

    public static readonly ProviderCapabilities Everything = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card],
        Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
        Currencies = ["KES"],
    };

    /// <summary>
    /// Waits (without the real clock driving anything) until the fake provider has received <paramref name="count"/> requests.
    /// The stopwatch is only a guard so that a broken test fails instead of hanging.
    /// </summary>
    public static async Task WaitForRequestsAsync(FakePaymentProvider provider, int count = 1)
    {
        var guard = Stopwatch.StartNew();
        while (provider.Requests.Count < count)
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"{provider.Name} received {provider.Requests.Count} requests, expected {count}.");
            }

            await Task.Yield();
        }
    }

    public static PaymentRequest Request(string key, decimal amount, bool allowQueue, params PaymentInstrument[] instruments) =>
        Request(key, Money.Kes(amount), allowQueue, instruments);

    public static PaymentRequest Request(string key, Money amount, bool allowQueue, params PaymentInstrument[] instruments) => new()
    {
        IdempotencyKey = key,
        Amount = amount,
        Instruments = instruments,
        AccountReference = "ACC-1",
        Description = "Test",
        AllowQueue = allowQueue,
    };

    /// <summary>A gateway over the given providers with its own fake clock and store, for routing over providers of different capabilities.</summary>
    internal sealed class CustomGateway : IDisposable
    {
        public CustomGateway(Action<PaymentGatewayOptions>? configure, params (string Name, ProviderCapabilities Capabilities)[] providers)
        {
            Time = new FakeTimeProvider(GatewayHarness.Start);
            Store = new InMemoryPaymentStore();
            Providers = providers.Select(p => new FakePaymentProvider(p.Name, p.Capabilities, Time)).ToList();
            Options = new PaymentGatewayOptions { InstanceName = "custom" };
            configure?.Invoke(Options);
            Events = new GatewayHarness.RecordingObserver();
            Gateway = new PaymentGateway(Providers, Store, Microsoft.Extensions.Options.Options.Create(Options), Time, null, [Events], null);
            Events.DeliverFrom = Gateway;
        }

        public FakeTimeProvider Time { get; }

        public InMemoryPaymentStore Store { get; }

        public List<FakePaymentProvider> Providers { get; }

        public PaymentGatewayOptions Options { get; }

        public GatewayHarness.RecordingObserver Events { get; }

        public PaymentGateway Gateway { get; }

        public FakePaymentProvider this[string name] => Providers.Single(p => p.Name == name);

        public IEnumerable<FakeCharge> AllCharges => Providers.SelectMany(p => p.Charges);

        public void Dispose() => Gateway.Dispose();
    }
}
