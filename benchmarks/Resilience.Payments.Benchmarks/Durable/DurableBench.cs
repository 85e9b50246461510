using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>What the durable benchmarks share: the payment batch, the providers, the requests and the bench directory.</summary>
internal static class DurableBench
{
    /// <summary>
    /// Payments per benchmark operation, for every method of a durable class (gateway and both baselines), so that
    /// <c>OperationsPerInvoke</c> makes every figure a time per payment (per row for the baselines). Divisible by 1, 16 and 64.
    /// </summary>
    public const int PaymentsPerOperation = 256;

    /// <summary>Rows per transaction of the batched baseline.</summary>
    public const int BatchedRows = 64;

    private static readonly PaymentInstrument[] Instruments = [PaymentInstrument.MobileMoney("0712345678")];

    /// <summary>
    /// A fresh directory for one benchmark class's files, under <c>RESILIENCE_BENCH_DIR</c> or the temporary directory:
    /// the gateway's store and the baselines' file live side by side, on the same file system.
    /// </summary>
    public static string NewDirectory(string name)
    {
        var root = Environment.GetEnvironmentVariable("RESILIENCE_BENCH_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "resilience-payments-bench");
        var directory = Path.Combine(root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes a directory made by <see cref="NewDirectory"/>, ignoring failures.</summary>
    public static void DeleteDirectory(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A gateway without background workers (queued payments stay queued) over <paramref name="store"/>.</summary>
    public static PaymentGateway NewGateway(IPaymentStore store, params IPaymentProvider[] providers) =>
        new(providers, store, Options.Create(new PaymentGatewayOptions { EnableBackgroundWorkers = false }));

    /// <summary>A payment request like the hot-path benchmark's: KES 200, one Safaricom number, queueing allowed.</summary>
    public static PaymentRequest NewRequest(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200),
        Instruments = Instruments,
        AccountReference = "KCA123X",
    };

    /// <summary>
    /// Issues <see cref="PaymentsPerOperation"/> payments from <paramref name="callers"/> concurrent callers, each paying its
    /// share one after the other, and throws unless every payment ends in <paramref name="expected"/>.
    /// </summary>
    public static async Task PayBatchAsync(PaymentGateway gateway, int callers, string prefix, PaymentStatus expected, Func<long> next)
    {
        var perCaller = PaymentsPerOperation / callers;
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            tasks[c] = Task.Run(async () =>
            {
                for (var i = 0; i < perCaller; i++)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{next()}");
                    var result = await gateway.PayAsync(NewRequest(key)).ConfigureAwait(false);
                    if (result.Status != expected)
                    {
                        throw new InvalidOperationException($"Payment {key} ended {result.Status}, expected {expected}.");
                    }
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>A stored payment document of the size the gateway writes, with a placeholder for the key.</summary>
    public static async Task<string> SampleDocumentAsync(PaymentGateway gateway, IPaymentStore store, string key)
    {
        await gateway.PayAsync(NewRequest(key)).ConfigureAwait(false);
        var record = await store.GetAsync(key, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The sample payment was not stored.");
        return PaymentRecordSerializer.Serialize(record);
    }

    /// <summary>A provider that succeeds at once, synchronously: the store is all that is measured.</summary>
    public sealed class InstantProvider(string name = "instant") : IPaymentProvider
    {
        private static readonly Task<ProviderOutcome> Success = Task.FromResult(ProviderOutcome.Succeeded());

        public string Name { get; } = name;

        public ProviderCapabilities Capabilities { get; } = new()
        {
            InstrumentKinds = [InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
            Currencies = ["KES"],
        };

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => Success;

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => Success;
    }

    /// <summary>A provider that is down: every call is refused before sending (NotProcessed), so its circuit opens.</summary>
    public sealed class DownProvider(string name) : IPaymentProvider
    {
        private static readonly Task<ProviderOutcome> Refused = Task.FromResult(ProviderOutcome.NotProcessed("connection refused"));

        public string Name { get; } = name;

        public ProviderCapabilities Capabilities { get; } = new()
        {
            InstrumentKinds = [InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
            Currencies = ["KES"],
        };

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => Refused;

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => Refused;
    }
}
