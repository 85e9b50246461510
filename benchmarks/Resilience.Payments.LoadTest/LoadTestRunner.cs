using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Paystack;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.LoadTest;

/// <summary>
/// The full stack on loopback: <see cref="PaymentGateway"/> (in-memory store, no background workers) over the real Daraja
/// and Paystack adapters pointed at <see cref="DarajaSimulator"/> and <see cref="PaystackSimulator"/>. Three phases of equal
/// length with the same payers: (1) the Daraja adapter called directly, (2) the gateway with every provider healthy, (3) the
/// gateway with Daraja taken down at the phase's start, failing over to Paystack.
/// </summary>
public static class LoadTestRunner
{
    /// <summary>The circuit-breaker settings of both providers (short windows, so that a run of seconds shows the breaker's whole cycle).</summary>
    /// <param name="payers">The payers: the concurrency limiter must not refuse the payers themselves.</param>
    /// <returns>The settings.</returns>
    public static ProviderResilienceOptions Breaker(int payers) => new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 5,
        SamplingDuration = TimeSpan.FromSeconds(2),
        BreakDuration = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxConcurrency = Math.Max(32, payers * 2),
    };

    /// <summary>Runs the load test.</summary>
    /// <param name="options">The options.</param>
    /// <param name="log">Progress lines; none when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= static _ => { };
        var phase = TimeSpan.FromSeconds(options.Seconds / 3);
        var tracker = new DarajaTracker();

        await using var daraja = new DarajaSimulator(seed: options.Seed) { PayerDelay = TimeSpan.FromHours(1), NoReplyDelay = TimeSpan.FromHours(1) };
        await using var paystack = new PaystackSimulator(seed: options.Seed) { PayerDelay = TimeSpan.FromHours(1) };

        using var darajaHttp = new HttpClient(new CountingHandler(tracker) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = daraja.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var paystackHttp = new HttpClient(new SocketsHttpHandler()) { BaseAddress = paystack.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var darajaAdapter = new DarajaPaymentProvider(darajaHttp, Options.Create(new DarajaOptions
        {
            Name = "mpesa",
            BaseAddress = daraja.BaseAddress,
            ConsumerKey = daraja.ConsumerKey,
            ConsumerSecret = daraja.ConsumerSecret,
            BusinessShortCode = daraja.BusinessShortCode,
            Passkey = daraja.Passkey,
            CallbackUrl = new Uri("https://loadtest.example.org/callbacks/mpesa"),
            CallbackSigningKeys = { "loadtest-callback-signing-key-0123456789abcdef" },
            RequestTimeout = TimeSpan.FromSeconds(10),
        }));
        var paystackOptions = new PaystackOptions
        {
            Name = "paystack",
            BaseAddress = paystack.BaseAddress,
            SecretKey = paystack.SecretKey,
            DefaultEmail = "payer@loadtest.example.org",
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        var paystackAdapter = new PaystackPaymentProvider(paystackHttp, Options.Create(paystackOptions));

        var breaker = Breaker(options.Payers);
        var gatewayOptions = new PaymentGatewayOptions { EnableBackgroundWorkers = false, DefaultProvider = breaker };
        gatewayOptions.FailoverOrder.Add("mpesa");
        gatewayOptions.FailoverOrder.Add("paystack");
        using var gateway = new PaymentGateway(
            [new ObservedProvider(darajaAdapter, tracker), paystackAdapter],
            new InMemoryPaymentStore(),
            Options.Create(gatewayOptions),
            eventObservers: [tracker]);

        var requests = new RequestFactory(options.Seed);

        // Warm-up (OAuth token, connections, JIT, and the thread pool grown to the payers' concurrency), not measured: with all
        // the payers, on both paths, so that phase 1 does not pay for the ramp-up that phase 2 then enjoys.
        var warmUp = TimeSpan.FromMilliseconds(Math.Clamp(phase.TotalMilliseconds / 5, 300, 3000));
        await RunPhaseAsync(options.Payers, warmUp, (p, n) => DirectAsync(darajaAdapter, requests.Next("w", p, n))).ConfigureAwait(false);
        await RunPhaseAsync(options.Payers, warmUp, (p, n) => GatewayAsync(gateway, requests.Next("wg", p, n), null)).ConfigureAwait(false);
        await RunPhaseAsync(options.Payers, warmUp, (p, n) => DirectAsync(darajaAdapter, requests.Next("wd", p, n))).ConfigureAwait(false);

        log($"phase 1/3: {options.Payers} payers call the Daraja adapter directly for {phase.TotalSeconds:0.#} s");
        var direct = await RunPhaseAsync(options.Payers, phase, (p, n) => DirectAsync(darajaAdapter, requests.Next("d", p, n))).ConfigureAwait(false);

        log($"phase 2/3: {options.Payers} payers through the gateway, all providers up, for {phase.TotalSeconds:0.#} s");
        var healthyStatuses = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var healthy = await RunPhaseAsync(options.Payers, phase, (p, n) => GatewayAsync(gateway, requests.Next("g", p, n), healthyStatuses)).ConfigureAwait(false);

        log($"phase 3/3: Daraja down, {options.Payers} payers through the gateway for {phase.TotalSeconds:0.#} s");
        var outageStatuses = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        tracker.MarkDown();
        daraja.Down();
        var outage = await RunPhaseAsync(options.Payers, phase, (p, n) => GatewayAsync(gateway, requests.Next("o", p, n), outageStatuses)).ConfigureAwait(false);
        tracker.Stop();

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var directReport = direct.Report();
        var gatewayReport = healthy.Report();
        return new LoadTestReport
        {
            Options = options,
            BreakerSettings = string.Create(
                CultureInfo.InvariantCulture,
                $"failure ratio {breaker.FailureRatio}, minimum throughput {breaker.MinimumThroughput}, sampling {breaker.SamplingDuration.TotalSeconds} s, break {breaker.BreakDuration.TotalSeconds} s, max concurrency {breaker.MaxConcurrency}"),
            Direct = directReport,
            Gateway = gatewayReport,
            GatewayStatuses = Sorted(healthyStatuses),
            AddedLatency = new AddedLatencyReport(
                gatewayReport.P50Ms - directReport.P50Ms,
                gatewayReport.P99Ms - directReport.P99Ms,
                gatewayReport.P999Ms - directReport.P999Ms),
            Failover = tracker.Report(outage.Report(), Sorted(outageStatuses)),
            DarajaStkPushes = daraja.StkPushRequests,
            PaystackRequests = paystack.RequestCount,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
        };
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) => new(counts, StringComparer.Ordinal);

    private static async Task<bool> DirectAsync(DarajaPaymentProvider adapter, PaymentRequest request)
    {
        var outcome = await adapter.InitiateAsync(
            new ProviderPaymentRequest
            {
                PaymentKey = request.IdempotencyKey,
                AttemptReference = request.IdempotencyKey + "-1",
                AttemptNumber = 1,
                Amount = request.Amount,
                Instrument = request.Instruments[0],
                AccountReference = request.AccountReference,
            },
            CancellationToken.None).ConfigureAwait(false);
        return outcome.Kind is OutcomeKind.Pending or OutcomeKind.Succeeded;
    }

    private static async Task<bool> GatewayAsync(PaymentGateway gateway, PaymentRequest request, ConcurrentDictionary<string, long>? statuses)
    {
        var result = await gateway.PayAsync(request).ConfigureAwait(false);
        if (statuses is not null)
        {
            var name = result.Status.ToString() + (result.Provider is { } provider ? " via " + provider : string.Empty);
            statuses.AddOrUpdate(name, 1, static (_, n) => n + 1);
        }

        return true;
    }

    private static async Task<PhaseResult> RunPhaseAsync(int payers, TimeSpan length, Func<int, long, Task<bool>> call)
    {
        var result = new PhaseResult(payers);
        var clock = Stopwatch.StartNew();
        var tasks = new Task[payers];
        for (var p = 0; p < payers; p++)
        {
            var payer = p;
            tasks[p] = Task.Run(async () =>
            {
                var latencies = result.Latencies[payer];
                for (long n = 0; clock.Elapsed < length; n++)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await call(payer, n).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // A failed call is counted, the payer goes on.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        Interlocked.Increment(ref result.Errors);
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        result.Seconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    private sealed class PhaseResult(int payers)
    {
        public readonly List<double>[] Latencies = Enumerable.Range(0, payers).Select(_ => new List<double>()).ToArray();
        public long Errors;
        public double Seconds;

        public PhaseReport Report()
        {
            var all = Latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            return new PhaseReport(all.Length, Errors, Round(Seconds), Round(all.Length / Seconds), Percentile(all, 0.50), Percentile(all, 0.99), Percentile(all, 0.999));
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]);

        private static double Round(double value) => Math.Round(value, 3);
    }

    /// <summary>Seeded payment requests: unique keys, amounts of KES 10 to 5,000, Safaricom numbers.</summary>
    private sealed class RequestFactory(int seed)
    {
        public PaymentRequest Next(string phase, int payer, long n)
        {
            // A deterministic mix of (seed, payer, n): the same run asks for the same payments.
            var h = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)payer * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)n * 0x165667B19E3779F9UL));
            h ^= h >> 29;
            return new PaymentRequest
            {
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"lt-{seed}-{phase}-{payer}-{n}"),
                Amount = Money.Kes(10 + (long)(h % 4_991)),
                Instruments = [PaymentInstrument.MobileMoney(string.Create(CultureInfo.InvariantCulture, $"07{10 + (int)(h % 20):00}{(h >> 20) % 1_000_000:000000}"))],
                AccountReference = "LOAD" + payer.ToString(CultureInfo.InvariantCulture),
            };
        }
    }
}
