using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments;
using Resilience.Payments.CrashTests;

// The crash-test child: an application taking payments through the gateway over a durable store, killed with SIGKILL
// by the test at any instant and restarted on the same store and provider ledgers.
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
    EnableBackgroundWorkers = false,
};
options.FailoverOrder.Add("alpha");
options.FailoverOrder.Add("beta");

using var alpha = new FileLedgerProvider("alpha", arguments.Ledger, arguments.Seed, Trace);
using var beta = new FileLedgerProvider("beta", arguments.Ledger, arguments.Seed, Trace);
IPaymentProvider[] providers = [alpha, beta];
var wrapped = Options.Create(options);
using var gateway = new PaymentGateway(providers, store, wrapped);
var queueWorker = new PaymentQueueWorker(gateway, wrapped, TimeProvider.System, NullLogger<PaymentQueueWorker>.Instance);
var reconciler = new PaymentReconciliationWorker(gateway, wrapped, TimeProvider.System, NullLogger<PaymentReconciliationWorker>.Instance);

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
    WorkAsync(reconciler.RunOnceAsync, options.Reconciliation.PollInterval, stopWorkers.Token));

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

    return failures == 0 ? 0 : 3;
}

async Task<int> DrainAsync()
{
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
    PaymentStatus[] open = [PaymentStatus.Queued, PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing];
    while (true)
    {
        var counts = await store.CountByStatusAsync(CancellationToken.None);
        var remaining = open.Sum(status => counts.TryGetValue(status, out var n) ? n : 0);
        if (remaining == 0)
        {
            Trace("drained");
            return 0;
        }

        if (DateTime.UtcNow > deadline)
        {
            Console.Error.WriteLine("drain timed out: " + string.Join(", ", counts.Select(pair => $"{pair.Key}={pair.Value}")));
            return 2;
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
