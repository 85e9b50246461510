using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments;
using Resilience.Payments.CrashTests;
using Resilience.Payments.CrashTests.Child;

// The crash-test child: an application taking payments through the gateway over a durable store, killed with SIGKILL
// by the test at any instant and restarted on the same store and provider ledgers. Its event observers (a recorder, and a flaky one
// that throws on planned calls) write what the outbox dispatcher hands them to files outside the process, fsynced before returning.
//   --store <sqlite file> --ledger <directory> --payments <N> --seed <S> --phase take|drain
var arguments = ChildArguments.Parse(args);
var output = Console.Out;
void Trace(string line) => output.WriteLine(line);

Trace("start");
Trace("store-opening");
using var store = ChildStore.Open(arguments.Store);
Trace("store-open");

var options = new PaymentGatewayOptions
{
    LeaseDuration = ChildStore.LeaseDuration,
    InstanceName = string.Create(CultureInfo.InvariantCulture, $"crash-child:{Environment.ProcessId}:{Guid.NewGuid():N}"),
    DefaultProvider = new ProviderResilienceOptions
    {
        AttemptTimeout = TimeSpan.FromSeconds(1),
        StatusQueryTimeout = TimeSpan.FromSeconds(1),

        // The breaker is not under test here: keep it closed so runs stay short.
        FailureRatio = 1.0,
        MinimumThroughput = 10_000,
        SamplingDuration = TimeSpan.FromSeconds(1),
        BreakDuration = TimeSpan.FromMilliseconds(500),
    },
    Queue = new QueueOptions
    {
        InitialDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(1),
        PollInterval = TimeSpan.FromMilliseconds(100),
        MaxAttempts = 50,
    },
    Reconciliation = new ReconciliationOptions
    {
        FirstCheckDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(1),
        PollInterval = TimeSpan.FromMilliseconds(100),
    },
    Events = new PaymentEventDeliveryOptions
    {
        // Small batches: checkpoints are written often, and kills land both before and after them.
        BatchSize = 16,
        MaxAttempts = EventFiles.MaxAttempts,
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),

        // A killed child's subscription leases are taken over by the next run 3 s later.
        LeaseDuration = TimeSpan.FromSeconds(3),
    },
    EnableBackgroundWorkers = false,
};
options.FailoverOrder.Add("alpha");
options.FailoverOrder.Add("beta");

using var alpha = new FileLedgerProvider("alpha", arguments.Ledger, arguments.Seed, Trace);
using var beta = new FileLedgerProvider("beta", arguments.Ledger, arguments.Seed, Trace);
IPaymentProvider[] providers = [alpha, beta];
FileLedgerProvider[] ledgerProviders = [alpha, beta];
var wrapped = Options.Create(options);
IPaymentEventObserver[] observers = [new RecordingObserver(arguments.Ledger, Trace), new FlakyObserver(arguments.Ledger, arguments.Seed)];
using var gateway = new PaymentGateway(providers, store, wrapped, eventObservers: observers);
var queueWorker = new PaymentQueueWorker(gateway, wrapped, TimeProvider.System, NullLogger<PaymentQueueWorker>.Instance);
var reconciler = new PaymentReconciliationWorker(gateway, wrapped, TimeProvider.System, NullLogger<PaymentReconciliationWorker>.Instance);
using var eventWorker = new PaymentEventDispatchWorker(gateway, wrapped, TimeProvider.System, NullLogger<PaymentEventDispatchWorker>.Instance);

async Task WorkAsync(Func<CancellationToken, Task<int>> cycle, TimeSpan poll, CancellationToken stop)
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            if (await cycle(stop) == 0)
            {
                await Task.Delay(poll, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
    }
}

using var stopWorkers = new CancellationTokenSource();
var workers = Task.WhenAll(
    WorkAsync(queueWorker.RunOnceAsync, options.Queue.PollInterval, stopWorkers.Token),
    WorkAsync(reconciler.RunOnceAsync, options.Reconciliation.PollInterval, stopWorkers.Token),
    WorkAsync(DeliverCallbacksAsync, TimeSpan.FromMilliseconds(100), stopWorkers.Token),
    WorkAsync(eventWorker.RunOnceAsync, TimeSpan.FromMilliseconds(50), stopWorkers.Token));

int exitCode;
try
{
    exitCode = arguments.Phase switch
    {
        "take" => await TakeAsync(),
        "drain" => await DrainAsync(),
        _ => throw new ArgumentException($"unknown phase '{arguments.Phase}'"),
    };
}
finally
{
    await stopWorkers.CancelAsync();
}

try
{
    await workers.WaitAsync(TimeSpan.FromSeconds(10));
}
catch (Exception ex)
{
    Console.Error.WriteLine($"worker failed: {ex}");
    exitCode = exitCode == 0 ? 4 : exitCode;
}

Trace($"exit {exitCode}");
return exitCode;

async Task<int> TakeAsync()
{
    var acceptedPath = LedgerFiles.AcceptedPath(arguments.Ledger);
    var accepted = LedgerFiles.ReadLines(acceptedPath).Select(fields => fields[0]).ToHashSet(StringComparer.Ordinal);
    var acceptedGate = new Lock();
    var failures = 0;
    var keys = Enumerable.Range(0, arguments.Payments)
        .Select(i => (Index: i, Key: string.Create(CultureInfo.InvariantCulture, $"crash-{arguments.Seed}-{i}")))
        .Where(item => !accepted.Contains(item.Key))
        .ToList();
    Trace(string.Create(CultureInfo.InvariantCulture, $"take {keys.Count} of {arguments.Payments}"));

    await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
    {
        var request = ChildStore.Request(arguments.Seed, item.Index, item.Key);
        lock (acceptedGate)
        {
            // Handed over: the checker may find this key in the store from now on.
            LedgerFiles.AppendDurably(acceptedPath, item.Key);
        }

        Trace($"accepted {item.Key}");
        try
        {
            var result = await gateway.PayAsync(request, CancellationToken.None);
            Trace($"result {item.Key} {result.Status}");
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"PayAsync {item.Key} threw: {ex}");
        }
    });

    failures += await RefundPassAsync();
    return failures == 0 ? 0 : 3;
}

// The application gives money back: the planned refunds of every succeeded payment, asked for again on every run (a refund key
// asked for again, across a restart or twice at once, must answer the same refund and never send a second one).
async Task<int> RefundPassAsync()
{
    var toldPath = LedgerFiles.ToldPath(arguments.Ledger);
    var toldGate = new Lock();
    var failures = 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, arguments.Payments), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"crash-{arguments.Seed}-{index}");
        if (await gateway.GetAsync(key, CancellationToken.None) is not { Status: PaymentStatus.Succeeded } payment)
        {
            return;
        }

        var planned = ChildStore.Refunds(arguments.Seed, index, key, payment.Amount);

        foreach (var (request, retry) in planned)
        {
            try
            {
                RefundResult[] results = retry
                    ? await Task.WhenAll(gateway.RefundAsync(request, CancellationToken.None), gateway.RefundAsync(request, CancellationToken.None))
                    : [await gateway.RefundAsync(request, CancellationToken.None)];
                if (results.Any(r => r.RefundKey != request.RefundKey || r.Refund.Reference != results[0].Refund.Reference))
                {
                    throw new InvalidOperationException($"refund key {request.RefundKey} answered with two refunds");
                }

                lock (toldGate)
                {
                    LedgerFiles.AppendDurably(toldPath, $"{request.RefundKey}\t{key}\t{results[0].Status}");
                }

                Trace($"refund {request.RefundKey} {results[0].Status}");
            }
            catch (RefundRefusedException ex)
            {
                Trace($"refund-refused {request.RefundKey} {ex.Refusal}");
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"RefundAsync {request.RefundKey} threw: {ex}");
            }
        }
    });

    return failures;
}

// The providers' side: held collections charged late, accepted refunds completed, and their callbacks delivered to the
// gateway (and re-delivered by the next run when a kill landed before the acknowledgement).
async Task<int> DeliverCallbacksAsync(CancellationToken stop)
{
    var delivered = 0;
    foreach (var provider in ledgerProviders)
    {
        foreach (var callback in await provider.ProcessDueAsync())
        {
            if (callback.Kind == "refund")
            {
                Trace($"refund-callback {provider.Name} {callback.Reference}");
                var applied = await gateway.ApplyRefundUpdateAsync(provider.RefundCallback(callback), CancellationToken.None);
                Trace($"refund-callback-applied {provider.Name} {callback.Reference} {applied.Disposition}");
            }
            else
            {
                Trace($"late-charge-callback {provider.Name} {callback.Reference}");
                var applied = await gateway.ApplyProviderUpdateAsync(provider.ChargeCallback(callback), CancellationToken.None);
                Trace($"late-charge-applied {provider.Name} {callback.Reference} {applied.Disposition}");
            }

            provider.Acknowledge(callback);
            delivered++;
        }
    }

    return delivered;
}

async Task<(int OpenPayments, int OpenRefunds, int Refunds)> OpenWorkAsync()
{
    int openPayments = 0, openRefunds = 0, refunds = 0;
    string? after = null;
    while (true)
    {
        var page = await store.ListAsync(new PaymentQuery { AfterKey = after, Limit = 500 }, CancellationToken.None);
        foreach (var record in page)
        {
            openPayments += record.Status.IsFinal() ? 0 : 1;
            openRefunds += record.Refunds.Count(r => !r.Status.IsFinal());
            refunds += record.Refunds.Count;
        }

        if (page.Count < 500)
        {
            break;
        }

        after = page[^1].Key;
    }

    foreach (var provider in ledgerProviders)
    {
        openRefunds += await provider.HasWorkAsync() ? 1 : 0;
    }

    return (openPayments, openRefunds, refunds);
}

async Task<int> DrainAsync()
{
    // Drained: every payment final, every refund final, no provider owing work; then the planned refunds are asked for once more
    // (payments that succeeded only now), and the round is drained when that added nothing.
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
    var failures = 0;
    var succeededAtLastPass = -1;
    while (true)
    {
        // Refund payments as soon as they succeed (the refunds then settle while the rest drains).
        var counts = await store.CountByStatusAsync(CancellationToken.None);
        var succeeded = counts.TryGetValue(PaymentStatus.Succeeded, out var s) ? s : 0;
        if (succeeded != succeededAtLastPass)
        {
            succeededAtLastPass = succeeded;
            failures += await RefundPassAsync();
        }

        var (openPayments, openRefunds, refunds) = await OpenWorkAsync();
        if (openPayments == 0 && openRefunds == 0)
        {
            failures += await RefundPassAsync();
            var after = await OpenWorkAsync();
            if (after == (0, 0, refunds))
            {
                Trace("drained");
                return failures != 0 ? 3 : await DrainEventsAsync() ? 0 : 2;
            }
        }

        if (DateTime.UtcNow > deadline)
        {
            Console.Error.WriteLine($"drain timed out: open refunds or provider work {openRefunds}; " + string.Join(", ", counts.Select(pair => $"{pair.Key}={pair.Value}")));
            return 2;
        }

        await Task.Delay(100);
    }
}

// Nothing changes any more: the dispatcher goes on until every observer's checkpoint is past the last event of the outbox (the flaky
// observer's retries and dead letters included).
async Task<bool> DrainEventsAsync()
{
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
    while (true)
    {
        var subscriptions = await store.ListSubscriptionsAsync(CancellationToken.None);
        var behind = new List<string>();
        foreach (var name in new[] { EventFiles.Recorder, EventFiles.Flaky })
        {
            var subscription = subscriptions.FirstOrDefault(s => s.Name == name);
            var checkpoint = subscription?.Checkpoint ?? PaymentEventPosition.Start;
            if (subscription is null || (await store.ReadEventsAsync(checkpoint, 1, CancellationToken.None)).Count > 0)
            {
                behind.Add($"{name} at {checkpoint} failures={subscription?.Failures} lease={subscription?.LeaseOwner} {subscription?.LastError}");
            }
        }

        if (behind.Count == 0)
        {
            Trace("events-drained");
            return true;
        }

        if (DateTime.UtcNow > deadline)
        {
            Console.Error.WriteLine("event drain timed out: " + string.Join("; ", behind));
            return false;
        }

        await Task.Delay(100);
    }
}

/// <summary>The child's command line.</summary>
internal sealed record ChildArguments(string Store, string Ledger, int Payments, int Seed, string Phase)
{
    public static ChildArguments Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i]] = args[i + 1];
        }

        string Get(string name) => map.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}");
        return new ChildArguments(
            Get("--store"),
            Get("--ledger"),
            int.Parse(Get("--payments"), CultureInfo.InvariantCulture),
            int.Parse(Get("--seed"), CultureInfo.InvariantCulture),
            Get("--phase"));
    }
}
