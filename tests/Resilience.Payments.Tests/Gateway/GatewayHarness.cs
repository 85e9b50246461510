using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

/// <summary>
/// A gateway over fake providers, an in-memory store and a fake clock, for behaviour tests. Time only moves when a test
/// advances <see cref="Time"/>; the workers run only when a test calls <see cref="RunQueueAsync"/> or <see cref="ReconcileAsync"/>.
/// </summary>
internal sealed class GatewayHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public GatewayHarness(Action<PaymentGatewayOptions>? configure = null, IPaymentStore? store = null, int seed = 1, params string[] providers)
    {
        Time = new FakeTimeProvider(Start);
        Store = store ?? new InMemoryPaymentStore();
        var names = providers.Length == 0 ? ["mpesa", "paystack", "airtel"] : providers;
        Providers = names.Select(n => new FakePaymentProvider(n, timeProvider: Time)).ToList();
        Options = new PaymentGatewayOptions { InstanceName = "test" };
        Options.DefaultProvider.MinimumThroughput = 2;
        Options.DefaultProvider.FailureRatio = 0.5;
        configure?.Invoke(Options);
        Events = new RecordingObserver();
        Gateway = new PaymentGateway(Providers, Store, Microsoft.Extensions.Options.Options.Create(Options), Time, LoggerFactory.Create(_ => { }), [Events], null, new Random(seed));
        Events.DeliverFrom = Gateway;
    }

    public FakeTimeProvider Time { get; }

    public IPaymentStore Store { get; }

    public List<FakePaymentProvider> Providers { get; }

    public PaymentGatewayOptions Options { get; }

    public RecordingObserver Events { get; }

    public PaymentGateway Gateway { get; }

    public FakePaymentProvider this[string name] => Providers.Single(p => p.Name == name);

    public IEnumerable<FakeCharge> AllCharges => Providers.SelectMany(p => p.Charges);

    public static PaymentRequest Request(string key = "park-001", decimal amount = 200m, bool allowQueue = true, DateTimeOffset? expiresAt = null, params PaymentInstrument[] instruments) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(amount),
        Instruments = instruments.Length == 0 ? [PaymentInstrument.MobileMoney("0712345678")] : instruments,
        AccountReference = "KCA 123X",
        Description = "Parking",
        AllowQueue = allowQueue,
        ExpiresAt = expiresAt,
    };

    public Task<int> RunQueueAsync() => Gateway.Claimer.RunQueueOnceAsync(CancellationToken.None);

    public Task<int> ReconcileAsync() => Gateway.Claimer.RunReconciliationOnceAsync(CancellationToken.None);

    public void Dispose() => Gateway.Dispose();

    internal sealed class RecordingObserver : IPaymentEventObserver
    {
        private readonly List<PaymentEvent> _events = [];

        /// <summary>Gets or sets the gateway whose outbox is delivered (synchronously: the in-memory store and this observer never wait) before each read.</summary>
        public PaymentGateway? DeliverFrom { get; set; }

        public IReadOnlyList<PaymentEvent> All
        {
            get
            {
                Deliver(DeliverFrom);
                lock (_events)
                {
                    return _events.ToArray();
                }
            }
        }

        /// <summary>Runs the gateway's event dispatcher until the outbox holds nothing more for its observers.</summary>
        public static void Deliver(PaymentGateway? gateway)
        {
            if (gateway?.Outbox is { } outbox)
            {
                while (outbox.RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult() > 0)
                {
                }
            }
        }

        public IEnumerable<PaymentStatusChangedEvent> StatusChanges(string key) =>
            All.OfType<PaymentStatusChangedEvent>().Where(e => e.Payment.IdempotencyKey == key);

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            lock (_events)
            {
                _events.Add(paymentEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
