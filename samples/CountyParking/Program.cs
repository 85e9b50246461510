// County parking-fee collection through a provider outage.
//
// A county collects parking fees from motorists by M-Pesa (through Safaricom Daraja directly, or through the
// Paystack aggregator when Daraja is down), Airtel Money and saved cards. During the run M-Pesa's Daraja API goes
// down (connections refused), then the aggregator answers 503 for a while, some replies are lost after the money
// moved, and some motorists cancel the prompt. The gateway fails over, queues what nobody can take, reconciles
// the unknowns, and the audit at the end proves every shilling: nobody charged twice, no charge without a paid ticket.
//
// The providers here are the in-process fakes of Resilience.Payments.Testing, each with its own charge ledger;
// the HTTP simulators of the real provider APIs come with the adapter packages.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.Payments;
using Resilience.Payments.Testing;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var simulation = builder.Configuration.GetSection("Simulation");
var motorists = simulation.GetValue("Motorists", 600);
var seed = simulation.GetValue("Seed", 7);
var concurrency = simulation.GetValue("Concurrency", 16);
var duration = TimeSpan.FromSeconds(simulation.GetValue("DurationSeconds", 8));

var start = TimeProvider.System.GetUtcNow();
DateTimeOffset At(double seconds) => start + TimeSpan.FromSeconds(seconds);

// Safaricom Daraja: down (connection refused) from 1.5 s to 4.5 s; 3% of motorists cancel the prompt; 2% of replies lost after charging.
var daraja = new FakePaymentProvider("mpesa-daraja", new ProviderCapabilities
{
    InstrumentKinds = [InstrumentKind.MobileMoney],
    Networks = [MobileNetwork.Safaricom],
    Currencies = ["KES"],
    MinAmount = 1,
    MaxAmount = 250_000,
    WholeUnitsOnly = true,
}).UseSeed(seed)
    .During(At(1.5), At(4.5), FakeBehavior.NotProcessed("connection refused", "ECONNREFUSED"))
    .During(At(0), At(3600), FakeBehavior.Decline("1032", "Request cancelled by user"), 0.03)
    .During(At(0), At(3600), FakeBehavior.ChargeThenUnknown(), 0.02);

// Paystack (M-Pesa wallets and cards): HTTP 503 from 3.5 s to 6 s, while Daraja is also down for a second.
var paystack = new FakePaymentProvider("paystack", new ProviderCapabilities
{
    InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card],
    Networks = [MobileNetwork.Safaricom],
    Currencies = ["KES"],
}).UseSeed(seed + 1)
    .During(At(3.5), At(6), FakeBehavior.NotProcessed("HTTP 503 Service Unavailable", "503"));

// Airtel Money: healthy, a little slow.
var airtel = new FakePaymentProvider("airtel", new ProviderCapabilities
{
    InstrumentKinds = [InstrumentKind.MobileMoney],
    Networks = [MobileNetwork.Airtel],
    Currencies = ["KES"],
}).Otherwise(FakeBehavior.Succeed().WithLatency(TimeSpan.FromMilliseconds(20)));

FakePaymentProvider[] providers = [daraja, paystack, airtel];
var tickets = new TicketOffice();
builder.Services.AddPaymentGateway(builder.Configuration.GetSection("Payments"))
    .AddProvider(daraja)
    .AddProvider(paystack)
    .AddProvider(airtel)
    .AddEventObserver(tickets);

using var host = builder.Build();
await host.StartAsync();
var gateway = host.Services.GetRequiredService<IPaymentGateway>();

Console.WriteLine($"County parking: {motorists} motorists over {duration.TotalSeconds:0} s, seed {seed}.");
Console.WriteLine("Daraja down 1.5-4.5 s, Paystack 503 3.5-6 s, 3% cancel the prompt, 2% of M-Pesa replies lost after charging.");
Console.WriteLine();

var random = new Random(seed);
var keys = new List<string>(motorists);
var stopwatch = Stopwatch.StartNew();
using (var throttle = new SemaphoreSlim(concurrency))
{
    var tasks = new List<Task>(motorists);
    for (var i = 0; i < motorists; i++)
    {
        var key = $"KSM-PARK-{seed}-{i:D5}";
        keys.Add(key);
        var request = NewRequest(key, random);
        var due = TimeSpan.FromTicks(duration.Ticks * i / motorists);
        if (stopwatch.Elapsed < due)
        {
            await Task.Delay(due - stopwatch.Elapsed);
        }

        await throttle.WaitAsync();
        tasks.Add(Task.Run(async () =>
        {
            try
            {
                await gateway.PayAsync(request);
            }
            finally
            {
                throttle.Release();
            }
        }));

        if (i % Math.Max(1, motorists / 8) == 0)
        {
            Console.WriteLine($"  t={stopwatch.Elapsed.TotalSeconds,4:0.0}s  submitted {i,5}  circuits: {string.Join(", ", gateway.GetProviderHealth().Select(h => $"{h.Provider} {h.CircuitState}"))}");
        }
    }

    await Task.WhenAll(tasks);
}

Console.WriteLine($"  t={stopwatch.Elapsed.TotalSeconds,4:0.0}s  all {motorists} submitted; waiting for the queue and the reconciler (at most 40 s)...");
var deadline = stopwatch.Elapsed + TimeSpan.FromSeconds(40);
List<PaymentResult> results;
while (true)
{
    results = [];
    foreach (var key in keys)
    {
        results.Add((await gateway.GetAsync(key))!);
    }

    if (results.All(r => r.IsFinal) || stopwatch.Elapsed > deadline)
    {
        break;
    }

    await Task.Delay(250);
}

await host.StopAsync();

// Report.
Console.WriteLine();
Console.WriteLine($"Finished in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
Console.WriteLine();
Console.WriteLine("Payments by status:");
foreach (var group in results.GroupBy(r => r.Status).OrderBy(g => g.Key))
{
    Console.WriteLine($"  {group.Key,-15}{group.Count(),6}   KES {group.Sum(r => r.Amount.Amount).ToString("N0", CultureInfo.InvariantCulture)}");
}

Console.WriteLine();
Console.WriteLine("By provider:            attempts  succeeded  declined  not-processed  unknown");
foreach (var provider in providers)
{
    var attempts = results.SelectMany(r => r.Attempts).Where(a => a.Provider == provider.Name).ToList();
    Console.WriteLine($"  {provider.Name,-20}{attempts.Count,10}{Count(attempts, OutcomeKind.Succeeded),11}{Count(attempts, OutcomeKind.Declined),10}{Count(attempts, OutcomeKind.NotProcessed),15}{Count(attempts, OutcomeKind.Unknown),9}");
}

var failedOver = results.Count(r => r.Attempts.Select(a => a.Provider).Distinct().Count() > 1);
var viaQueue = results.Count(r => r.Status == PaymentStatus.Succeeded && r.Attempts.Any(a => a.Outcome == OutcomeKind.NotProcessed) && r.Attempts.Select(a => a.Provider).Distinct().Count() == 1);
var reconciled = results.Count(r => r.Attempts.Any(a => a.Source == OutcomeSource.StatusQuery));
Console.WriteLine();
Console.WriteLine($"Payments that failed over to another provider: {failedOver}");
Console.WriteLine($"Payments resolved by a status query:           {reconciled}");
Console.WriteLine($"Declines by reason:                            {string.Join(", ", results.Where(r => r.Status == PaymentStatus.Declined).GroupBy(r => $"{r.DeclineCode} {r.DeclineReason}").Select(g => $"{g.Key} x{g.Count()}"))}");
Console.WriteLine($"Parking tickets issued (events):               {tickets.Issued}");

// Audit: the providers' own ledgers against the gateway's store.
var charges = providers.SelectMany(p => p.Charges).ToList();
var byKey = charges.GroupBy(c => c.PaymentKey).ToDictionary(g => g.Key, g => g.Count());
var doubleCharged = byKey.Count(kv => kv.Value > 1);
var succeeded = results.Where(r => r.Status == PaymentStatus.Succeeded).Select(r => r.IdempotencyKey).ToHashSet();
var lost = charges.Count(c => !succeeded.Contains(c.PaymentKey)) + succeeded.Count(k => !byKey.ContainsKey(k));
var unresolved = results.Count(r => !r.IsFinal);
var clean = doubleCharged == 0 && lost == 0 && unresolved == 0 && tickets.Issued == succeeded.Count;
Console.WriteLine();
Console.WriteLine($"Audit: {charges.Count} charges at the providers, {succeeded.Count} succeeded payments; double-charged {doubleCharged}, lost {lost}, unresolved {unresolved}: {(clean ? "CLEAN" : "NOT CLEAN")}");
return clean ? 0 : 1;

static int Count(List<PaymentAttempt> attempts, OutcomeKind kind) => attempts.Count(a => a.Outcome == kind);

static PaymentRequest NewRequest(string key, Random random)
{
    var plate = $"K{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))} {random.Next(100, 999)}{(char)('A' + random.Next(26))}";
    var roll = random.NextDouble();
    List<PaymentInstrument> instruments = roll switch
    {
        < 0.7 => [PaymentInstrument.MobileMoney($"07{random.Next(10, 30)}{random.Next(100000, 999999)}")],
        < 0.9 => [PaymentInstrument.MobileMoney($"073{random.Next(0, 10)}{random.Next(100000, 999999)}")],
        _ => [PaymentInstrument.Card($"AUTH_{random.Next(100000, 999999)}")],
    };
    return new PaymentRequest
    {
        IdempotencyKey = key,
        Amount = Money.Kes(random.Next(1, 9) * 50),
        Instruments = instruments,
        AccountReference = plate,
        Description = "Parking fee",
    };
}

/// <summary>Issues a parking ticket when a payment succeeds: what a county app would do with the gateway's events.</summary>
internal sealed class TicketOffice : IPaymentEventObserver
{
    private readonly HashSet<string> _issued = [];

    public int Issued
    {
        get
        {
            lock (_issued)
            {
                return _issued.Count;
            }
        }
    }

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is PaymentStatusChangedEvent { Payment.Status: PaymentStatus.Succeeded } change)
        {
            lock (_issued)
            {
                _issued.Add(change.Payment.IdempotencyKey);
            }
        }

        return ValueTask.CompletedTask;
    }
}
