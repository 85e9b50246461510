using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Gateway.Internal;
using Resilience.Payments.Internal;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

/// <summary>The gateway's collaborators wired as the gateway wires them, over fake providers, an in-memory store and a fake clock.</summary>
internal sealed class CollaboratorKit : IDisposable
{
    public CollaboratorKit(Action<PaymentGatewayOptions>? configure = null, params string[] providers)
    {
        Time = new FakeTimeProvider(GatewayHarness.Start);
        Store = new InMemoryPaymentStore();
        var names = providers.Length == 0 ? ["mpesa", "paystack"] : providers;
        Providers = names.Select(n => new FakePaymentProvider(n, timeProvider: Time)).ToList();
        Options = new PaymentGatewayOptions { InstanceName = "kit" };
        configure?.Invoke(Options);
        Events = new GatewayHarness.RecordingObserver();
        var logger = NullLogger.Instance;
        var events = new EventDispatcher([Events], logger);
        Registry = new ProviderRegistry(Providers, Options, Time, logger, static (_, _) => default);
        Telemetry = new PaymentsTelemetry(null, Registry.Health);
        Owners = new LeaseOwners("kit");
        var random = new LockedRandom(new Random(1));
        Writer = new PaymentWriter(Store, Time, logger, Telemetry, events);
        Attempts = new AttemptLifecycle(Writer, Options, Time, logger, Telemetry, events);
        Guard = new ReferenceGuard(Store, Time);
        Router = new PaymentRouter(Registry, Attempts, Writer, Owners, random, Options, Time, logger, Telemetry);
        Reconciler = new PaymentReconciler(Registry, Router, Guard, Attempts, Writer, random, Options, Time, logger, events);
        Claimer = new PaymentClaimer(Store, Router, Reconciler, Owners, Options, Time, Telemetry);
        Operator = new OperatorActions(Store, Writer, Time);
        Updates = new ProviderUpdateApplier(Registry, Guard, Attempts, logger);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryPaymentStore Store { get; }

    public List<FakePaymentProvider> Providers { get; }

    public PaymentGatewayOptions Options { get; }

    public GatewayHarness.RecordingObserver Events { get; }

    public ProviderRegistry Registry { get; }

    public PaymentsTelemetry Telemetry { get; }

    public LeaseOwners Owners { get; }

    public PaymentWriter Writer { get; }

    public AttemptLifecycle Attempts { get; }

    public ReferenceGuard Guard { get; }

    public PaymentRouter Router { get; }

    public PaymentReconciler Reconciler { get; }

    public PaymentClaimer Claimer { get; }

    public OperatorActions Operator { get; }

    public ProviderUpdateApplier Updates { get; }

    public FakePaymentProvider this[string name] => Providers.Single(p => p.Name == name);

    public Candidate Candidate(string provider) => new(Registry.Find(provider)!, GatewayHarness.Request().Instruments[0]);

    /// <summary>Creates a payment through the router, the provider answering <paramref name="behavior"/>.</summary>
    public async Task<PaymentRecord> PayAsync(string key, FakeBehavior behavior, string provider = "mpesa", bool allowQueue = true)
    {
        this[provider].Enqueue(behavior);
        await Router.PayAsync(GatewayHarness.Request(key, allowQueue: allowQueue));
        return (await Store.GetAsync(key, CancellationToken.None))!;
    }

    /// <summary>Stores a new payment leased to <paramref name="owner"/>, with no attempt.</summary>
    public async Task<PaymentRecord> LeasedAsync(string key, string owner)
    {
        var now = Time.GetUtcNow();
        var (stored, _) = await Store.TryCreateAsync(
            new PaymentRecord
            {
                Key = key,
                Request = GatewayHarness.Request(key),
                Status = PaymentStatus.Processing,
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
                LeaseOwner = owner,
                LeaseExpiresAt = now + Options.LeaseDuration,
                DueAt = now + Options.LeaseDuration,
            },
            CancellationToken.None);
        return stored;
    }

    public void Dispose() => Telemetry.Dispose();
}
