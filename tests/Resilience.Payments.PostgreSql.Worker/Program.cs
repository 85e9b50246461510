using System;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Resilience.Payments;
using Resilience.Payments.PostgreSql;
using Resilience.Payments.PostgreSql.Worker;

// Usage: Resilience.Payments.PostgreSql.Worker <connection string> <schema> <instance name> <ledger directory> <outage ms from the first charge request>
// Runs one gateway instance over the shared PostgreSQL store until no Queued, Processing, Pending or ActionRequired payment remains.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: <connection string> <schema> <instance name> <ledger directory> <outage ms from the first charge request>");
    return 2;
}

var (schema, instance, ledgerDirectory) = (args[1], args[2], args[3]);
// Three instances and the test share the throwaway cluster's 100 connections.
var connectionString = new NpgsqlConnectionStringBuilder(args[0]) { MaxPoolSize = 12 }.ConnectionString;
var outage = TimeSpan.FromMilliseconds(long.Parse(args[4], CultureInfo.InvariantCulture));

var options = new PaymentGatewayOptions
{
    InstanceName = instance,
    LeaseDuration = TimeSpan.FromSeconds(11), // the shortest the options allow with a 1 s attempt timeout (timeout + 10 s)
    DefaultProvider = new ProviderResilienceOptions
    {
        AttemptTimeout = TimeSpan.FromSeconds(1),
        MaxConcurrency = 64,
        BreakDuration = TimeSpan.FromMilliseconds(500),
        SamplingDuration = TimeSpan.FromSeconds(2),
    },
    Queue = new QueueOptions { BatchSize = 64, InitialDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(1), MaxAttempts = 1000 },
    Reconciliation = new ReconciliationOptions { BatchSize = 64, FirstCheckDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(2) },
    EnableBackgroundWorkers = false,
};

await using var store = new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = connectionString, Schema = schema });
using var provider = new FileLedgerProvider(ledgerDirectory, instance, outage);
using var gateway = new PaymentGateway([provider], store, Options.Create(options));
var queue = new PaymentQueueWorker(gateway, Options.Create(options), TimeProvider.System, NullLogger<PaymentQueueWorker>.Instance);
var reconciler = new PaymentReconciliationWorker(gateway, Options.Create(options), TimeProvider.System, NullLogger<PaymentReconciliationWorker>.Instance);

var clock = Stopwatch.StartNew();
Console.WriteLine($"{instance}: started");
while (true)
{
    var claimed = await queue.RunOnceAsync() + await reconciler.RunOnceAsync();
    if (claimed > 0)
    {
        continue;
    }

    var counts = await store.CountByStatusAsync(default);
    var open = 0;
    foreach (var status in (PaymentStatus[])[PaymentStatus.Queued, PaymentStatus.Processing, PaymentStatus.Pending, PaymentStatus.ActionRequired])
    {
        open += counts.TryGetValue(status, out var n) ? n : 0;
    }

    if (open == 0)
    {
        break;
    }

    await store.WaitForWorkAsync(TimeSpan.FromMilliseconds(250)); // a wake-up or a short poll
}

Console.WriteLine($"{instance}: done, charged {provider.Charges} in {clock.Elapsed.TotalSeconds:F1} s");
return 0;
