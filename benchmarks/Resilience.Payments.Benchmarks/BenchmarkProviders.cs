using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Benchmarks;

/// <summary>In-process providers that answer synchronously, so that only library overhead is measured.</summary>
internal sealed class StubProvider : IPaymentProvider, IRefundProvider
{
    private readonly Task<ProviderOutcome> _outcome;

    private StubProvider(string name, ProviderOutcome outcome)
    {
        Name = name;
        _outcome = Task.FromResult(outcome);
    }

    public string Name { get; }

    public ProviderCapabilities Capabilities { get; } = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card],
        Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
        Currencies = ["KES"],
    };

    /// <summary>A provider that succeeds at once.</summary>
    public static StubProvider Succeeding(string name) => new(name, ProviderOutcome.Succeeded());

    /// <summary>A provider that refuses every payment before charging (for example a 503 before acceptance).</summary>
    public static StubProvider NotProcessing(string name) => new(name, ProviderOutcome.NotProcessed("service unavailable", "503"));

    public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => _outcome;

    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => _outcome;

    public RefundCapabilities RefundCapabilities { get; } = new() { Partial = true };

    public Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => _outcome;

    public Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => _outcome;
}

/// <summary>
/// A gateway over an <see cref="InMemoryPaymentStore"/>, with a fresh idempotency key per payment. The store keeps every
/// payment, so every <see cref="PaymentsPerStore"/> payments the gateway and its store are replaced: the benchmarks then
/// measure a payment's steady-state cost, not the growth of a dictionary of millions of records (the replacement,
/// amortised, costs a few nanoseconds per payment). The requests are built once, before the measurement, as the
/// baseline's provider request is: what is measured is the library's work, not the caller's.
/// </summary>
internal sealed class RotatingGateway : IDisposable
{
    /// <summary>The default number of payments a store holds before it is replaced.</summary>
    public const int DefaultPaymentsPerStore = 1024;

    private readonly Func<PaymentGateway> _create;
    private readonly Action<RotatingGateway>? _prepare;
    private readonly Money _amount = Money.Kes(200);
    private readonly PaymentInstrument[] _instruments = [PaymentInstrument.MobileMoney("0712345678")];
    private readonly PaymentRequest[] _requests;
    private long _next;

    /// <param name="prefix">The idempotency keys' prefix.</param>
    /// <param name="providers">The providers.</param>
    /// <param name="configure">Changes to the default options.</param>
    /// <param name="prepare">Run on every new gateway before it takes the benchmark's payments (for example to open a circuit).</param>
    /// <param name="paymentsPerStore">How many payments a store holds before it is replaced.</param>
    public RotatingGateway(
        string prefix,
        IEnumerable<IPaymentProvider> providers,
        Action<PaymentGatewayOptions>? configure = null,
        Action<RotatingGateway>? prepare = null,
        int paymentsPerStore = DefaultPaymentsPerStore)
    {
        _prepare = prepare;
        PaymentsPerStore = paymentsPerStore;
        var options = new PaymentGatewayOptions { EnableBackgroundWorkers = false };
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        var list = new List<IPaymentProvider>(providers);
        _create = () => new PaymentGateway(list, new InMemoryPaymentStore(), wrapped);
        _requests = new PaymentRequest[paymentsPerStore];
        for (var i = 0; i < paymentsPerStore; i++)
        {
            _requests[i] = Request(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"));
        }

        Gateway = _create();
        _prepare?.Invoke(this);
    }

    public PaymentGateway Gateway { get; private set; }

    public int PaymentsPerStore { get; }

    /// <summary>Pays a new payment (a key this gateway's store has never seen).</summary>
    public Task<PaymentResult> PayNewAsync()
    {
        var index = (int)(++_next % PaymentsPerStore);
        if (index == 0)
        {
            Gateway.Dispose();
            Gateway = _create();
            _prepare?.Invoke(this);
        }

        return Gateway.PayAsync(_requests[index]);
    }

    /// <summary>Pays a new payment and refunds it in full (a key this gateway's store has never seen, and the refund key derived from it).</summary>
    public async Task<RefundResult> PayThenRefundAsync()
    {
        var paid = await PayNewAsync().ConfigureAwait(false);
        return await Gateway.RefundAsync(new RefundRequest { RefundKey = paid.IdempotencyKey + ":r", PaymentKey = paid.IdempotencyKey }).ConfigureAwait(false);
    }

    /// <summary>Pays a new payment outside the benchmark's key sequence, synchronously.</summary>
    public PaymentResult PayNow(string key) => Gateway.PayAsync(Request(key)).GetAwaiter().GetResult();

    /// <summary>A request like the ones <see cref="PayNewAsync"/> makes.</summary>
    public PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = _amount,
        Instruments = _instruments,
        AccountReference = "KCA-" + key, // one bill per payment: the possible-duplicate check finds nothing, as for almost every payment
    };

    /// <summary>Throws unless the payment succeeded with the expected provider and number of attempts (a benchmark that measures the wrong path is worse than none).</summary>
    public static void Expect(PaymentResult result, string provider, int attempts)
    {
        if (result.Status != PaymentStatus.Succeeded || result.Provider != provider || result.Attempts.Count != attempts)
        {
            throw new InvalidOperationException(
                $"Benchmark set-up is wrong: expected Succeeded via {provider} in {attempts} attempt(s), got {result.Status} via {result.Provider} in {result.Attempts.Count}: {result.FailureReason}");
        }
    }

    public void Dispose() => Gateway.Dispose();
}
