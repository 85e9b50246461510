using System.IO;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Sqlite;
using Resilience.Payments.Testing;
using Resilience.Payments.Tool.Cli;
using Spectre.Console.Testing;

namespace Resilience.Payments.Tool.Tests;

/// <summary>
/// A real SQLite file seeded by a real gateway over fake providers, and the <c>payments</c> command run in process against it with a
/// test console (tables), string writers (JSON, CSV, errors) and a fake clock.
/// </summary>
internal sealed class ToolHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public ToolHarness()
    {
        File = Path.Combine(Path.GetTempPath(), "payments-tool-" + Guid.NewGuid().ToString("N") + ".db");
        Time = new FakeTimeProvider(Start);
    }

    public string File { get; }

    public FakeTimeProvider Time { get; }

    public TestConsole Console { get; private set; } = new();

    public StringWriter Out { get; private set; } = new();

    public StringWriter Error { get; private set; } = new();

    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>Gets or sets a change to each run's fresh console (for example to make it interactive and type an answer).</summary>
    public Action<TestConsole>? ConfigureConsole { get; set; }

    /// <summary>Seeds: "paid" (succeeded, KES 500), "pending" (accepted, no answer), "queued" (every provider down), "dead" (failed after the queue), "failover" (mpesa down, paystack took it).</summary>
    public async Task SeedAsync()
    {
        await using var store = OpenStore();
        await SeedAsync(store);
    }

    /// <summary>Seeds <paramref name="store"/> as <see cref="SeedAsync()"/> seeds the SQLite file.</summary>
    public async Task SeedAsync(IPaymentStore store)
    {
        var providers = new[] { "mpesa", "paystack" }.Select(n => new FakePaymentProvider(n, timeProvider: Time)).ToArray();
        var options = new PaymentGatewayOptions { InstanceName = "seed" };
        options.Queue.MaxAttempts = 1;
        options.DefaultProvider.MinimumThroughput = 1000;
        using var gateway = new PaymentGateway(providers, store, Options.Create(options), Time);
        await gateway.PayAsync(Request("paid", 500m));
        providers[0].Enqueue(FakeBehavior.Accept());
        await gateway.PayAsync(Request("pending", 100m));
        providers[0].Enqueue(FakeBehavior.NotProcessed());
        await gateway.PayAsync(Request("failover", 75m));
        foreach (var p in providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        await gateway.PayAsync(Request("dead", 60m));
        Time.Advance(options.Queue.MaxDelay);
        foreach (var p in providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        var queue = new PaymentQueueWorker(gateway, Options.Create(options), Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PaymentQueueWorker>.Instance);
        await queue.RunOnceAsync();
        foreach (var p in providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        await gateway.PayAsync(Request("queued", 40m));
    }

    public static PaymentRequest Request(string key, decimal amount) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(amount),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
        AccountReference = "KCA " + key.ToUpperInvariant(),
        Description = "Parking",
    };

    public SqlitePaymentStore OpenStore() => new(new SqlitePaymentStoreOptions { ConnectionString = $"Data Source={File}" });

    public async Task<PaymentRecord> RecordAsync(string key)
    {
        await using var store = OpenStore();
        return (await store.GetAsync(key, CancellationToken.None))!;
    }

    /// <summary>Runs <c>payments</c> with the arguments, against the SQLite file unless the arguments name a store.</summary>
    public Task<int> RunAsync(params string[] args)
    {
        Console = new TestConsole().Width(250);
        ConfigureConsole?.Invoke(Console);
        Out = new StringWriter();
        Error = new StringWriter();
        var all = args.Contains("--postgres") || Variables.ContainsKey(ToolEnvironment.PostgresVariable) || args.Contains("--sqlite") ? args : ["--sqlite", File, .. args];
        var environment = new ToolEnvironment(Console, Out, Error, name => Variables.GetValueOrDefault(name), "os-user", Time);
        return PaymentsCommand.RunAsync(all, environment);
    }

    public JsonElement Json() => JsonDocument.Parse(Out.ToString()).RootElement;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            System.IO.File.Delete(File + suffix);
        }
    }
}
