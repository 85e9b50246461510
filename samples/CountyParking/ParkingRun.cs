using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CountyParking.Reporting;
using CountyParking.Scenarios;
using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.Payments;

namespace CountyParking;

/// <summary>One run of the county's simulated day: what <c>dotnet run --project samples/CountyParking</c> does.</summary>
public static class ParkingRun
{
    public const string DefaultStoreFile = "county-parking.db";

    private static readonly PaymentStatus[] NotFinal = [PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing, PaymentStatus.Queued];

    /// <summary>Runs the sample with command-line arguments; returns the exit code (0 clean audit, 1 not clean, 2 bad input).</summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ParkingOptions options;
        Scenario scenario;
        try
        {
            options = ParkingOptions.Parse(args);
            if (options.Help)
            {
                output.WriteLine(ParkingOptions.Usage);
                return 0;
            }

            scenario = ScenarioParser.ParseFile(ScenarioPath(options.ScenarioFile));
            scenario = scenario with { Payments = options.Payments ?? scenario.Payments, Seed = options.Seed ?? scenario.Seed };
        }
        catch (Exception ex) when (ex is ArgumentException or ScenarioException)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        var report = await RunAsync(scenario, options, output, cancellationToken);
        if (options.JsonFile is { } json)
        {
            await File.WriteAllTextAsync(json, report.ToJson(), cancellationToken);
            output.WriteLine($"Report written to {json}.");
        }

        return report.Audit.Clean ? 0 : 1;
    }

    /// <summary>Runs the day and returns its report.</summary>
    public static async Task<ParkingReport> RunAsync(Scenario scenario, ParkingOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        var storeFile = Path.GetFullPath(options.StoreFile ?? DefaultStoreFile);
        if (options.StoreFile is null && options.PostgresConnectionString is null)
        {
            DeleteStore(storeFile); // the default run starts a fresh day; --store resumes
        }

        using var journal = new LedgerJournal(options.PostgresConnectionString is null ? storeFile + ".ledgers.jsonl" : null);
        var resumed = options.PostgresConnectionString is null && (File.Exists(storeFile) || journal.HasHistory);
        await using var fleet = new ProviderFleet(scenario, journal.Generation);
        journal.Attach(fleet);
        var port = FreePort();
        var callbackBase = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        fleet.Paystack.CallbackUrl = new Uri(callbackBase, "callbacks/paystack");
        fleet.AirtelSim.CallbackUrl = new Uri(callbackBase, "callbacks/airtel");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = options.Console ? Environments.Development : Environments.Production });
        builder.WebHost.UseUrls(callbackBase.GetLeftPart(UriPartial.Authority));
        // What an operator would put in environment variables: where the providers and our callback endpoint are.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mpesa:BaseAddress"] = fleet.Daraja.BaseAddress.AbsoluteUri,
            ["Mpesa:CallbackUrl"] = new Uri(callbackBase, "callbacks/mpesa").AbsoluteUri,

            // Signs the attempt each STK push's CallBackURL carries. A secret: from a secret store in production, generated per run here.
            ["Mpesa:CallbackSigningKeys:0"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),

            // Reversals (refunds): the initiator, its password and Safaricom's certificate (here the simulator's) encrypt the SecurityCredential.
            ["Mpesa:Reversal:InitiatorName"] = fleet.Daraja.InitiatorName,
            ["Mpesa:Reversal:InitiatorPassword"] = fleet.Daraja.InitiatorPassword,
            ["Mpesa:Reversal:Certificate"] = DarajaSimulator.CertificatePem,
            ["Paystack:BaseAddress"] = fleet.Paystack.BaseAddress.AbsoluteUri,
            ["Pesapal:BaseAddress"] = fleet.PesapalSim.BaseAddress.AbsoluteUri,
            ["Airtel:BaseAddress"] = fleet.AirtelSim.BaseAddress.AbsoluteUri,
            ["Pesapal:IpnUrl"] = new Uri(callbackBase, "callbacks/pesapal").AbsoluteUri,
            ["Pesapal:CallbackUrl"] = new Uri(callbackBase, "paid").AbsoluteUri,
        });

        var progress = new ProgressObserver();
        using var tickets = new TicketOffice(options.PostgresConnectionString is null ? storeFile + ".tickets.tsv" : null);
        var payments = builder.Services.AddPaymentGateway(builder.Configuration.GetSection("Payments"))
            .AddMpesaDaraja(builder.Configuration.GetSection("Mpesa"))
            .AddPaystack(builder.Configuration.GetSection("Paystack"))
            .AddAirtelMoney(builder.Configuration.GetSection("Airtel"))
            .AddPesapal(builder.Configuration.GetSection("Pesapal"))
            .AddPaymentCallbacks()
            .AddEventObserver(progress)
            .AddEventObserver(tickets);
        if (options.Console)
        {
            builder.Services.AddAntiforgery(); // the console's actions are checked against cross-site request forgery
        }

        if (options.PostgresConnectionString is { } postgres)
        {
            payments.UsePostgreSql(postgres);
        }
        else
        {
            payments.UseSqlite($"Data Source={storeFile}");
        }

        await using var app = builder.Build();
        // One endpoint per provider: Daraja and Airtel callbacks and Pesapal IPNs confirmed by a status query, Paystack
        // webhooks verified by their HMAC signature, every update applied idempotently.
        app.MapPaymentCallbacks("/callbacks");
        if (options.Console)
        {
            // --console: the operations console, on this machine only (loopback, Development, no sign-in). A real deployment maps it
            // behind an authorization policy: MapPaymentsConsole("/payments-console", o => o.AuthorizationPolicy = "payments-operator").
            app.MapPaymentsConsole("/payments-console", o => o.AllowAnonymous = true);
        }

        using var breaker = new BreakerCounter(app.Services.GetRequiredService<IMeterFactory>());
        await app.StartAsync(cancellationToken);
        if (options.Console)
        {
            output.WriteLine($"Operations console: {new Uri(callbackBase, "payments-console")} (watch the outage and the recovery live)");
        }
        var gateway = app.Services.GetRequiredService<IPaymentGateway>();
        var store = app.Services.GetRequiredService<IPaymentStore>();
        var desk = new RefundDesk(gateway, scenario);

        var start = TimeProvider.System.GetUtcNow();
        fleet.ApplyFaults(start);

        var requests = Motorists.Generate(scenario);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"County parking: {scenario.Payments} motorists over {scenario.DurationSeconds:0.#} s, seed {scenario.Seed}, {scenario.Faults.Count} faults scheduled; store {(options.PostgresConnectionString is null ? storeFile : "PostgreSQL")}{(resumed ? " (resuming)" : string.Empty)}."));
        foreach (var fault in scenario.Faults)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {fault.Provider,-9} {fault.From,4:0.#}-{fault.To,-4:0.#} s  {ScenarioParser.Kinds.First(k => k.Value == fault.Kind).Key}{(fault.Rate < 1 ? $" rate {fault.Rate:0.##}" : string.Empty)}{(fault.LatencyMs is { } l ? $" {l} ms" : string.Empty)}{(fault.Code is { } code ? $" code {code}" : string.Empty)}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  callbacks: {scenario.Callbacks.Loss:P0} lost, {scenario.Callbacks.Duplicate:P0} duplicated, {scenario.Callbacks.DelayMinMs}-{scenario.Callbacks.DelayMaxMs} ms"));
        if (scenario.Refunds.Share > 0 || scenario.LateSuccesses is not null || scenario.PaidTwice > 0)
        {
            var late = scenario.LateSuccesses is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"{l.Provider} holds {l.Rate:P0} of collections {l.From:0.#}-{l.To:0.#} s for {l.AfterMs} ms then charges them")
                : "none";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  money back: {scenario.Refunds.Share:P0} of paid motorists cancel ({scenario.Refunds.Partial:P0} of them refunded in part); late successes: {late}; {scenario.PaidTwice:P1} pay twice"));
        }

        var dayTimer = Stopwatch.StartNew();
        using (var ticker = new Timer(_ => output.WriteLine(progress.Line(dayTimer.Elapsed, requests.Count, gateway)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
        {
            await SubmitAsync(gateway, requests, scenario, dayTimer, progress, desk, cancellationToken);
            var dayEnded = dayTimer.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t={dayEnded.TotalSeconds,5:0.0}s  the day is over: waiting for the queue and the reconciler..."));

            // Bounded drain: the whole run stays within the minute. Twice the day plus 20 s: a loaded machine (a CI run of the whole
            // suite) needs more than the ~13 s an idle one takes for the last lost callbacks to be reconciled.
            // A resumed run also waits for the crashed run's leases to expire (Payments:LeaseDuration) before its work is taken over;
            // a payment held in a provider's queue (queue-then-process) cannot be resolved before the queue lets it through.
            var queueHold = scenario.Faults.Where(f => f.Kind == ScenarioFaultKind.QueueThenProcess).Select(f => (f.LatencyMs ?? 0) / 1000.0).DefaultIfEmpty(0).Max();
            var deadline = TimeSpan.FromSeconds(Math.Min(Math.Max(54 - clock.Elapsed.TotalSeconds, 8), (2 * scenario.DurationSeconds) + 20 + queueHold + (resumed ? 20 : 0))) + dayTimer.Elapsed;
            // Then the money going back: refunds of payments that succeeded late, held collections landing (late successes), their
            // reversals and every refund's final answer.
            var caughtUp = false;
            while (dayTimer.Elapsed < deadline && !await SettledAsync())
            {
                await Task.Delay(250, cancellationToken);
            }

            async Task<bool> SettledAsync()
            {
                if (await CountAsync(store, NotFinal, cancellationToken) > 0 || fleet.HeldCollections > 0)
                {
                    return false;
                }

                var records = await ListAllAsync(store, cancellationToken);
                if (!caughtUp)
                {
                    caughtUp = true;
                    await desk.CatchUpAsync(records, cancellationToken);
                    return false;
                }

                if (records.Any(r => r.Refunds.Any(f => !f.Status.IsFinal())))
                {
                    return false;
                }

                // A held collection's callback may still be on its way (it becomes an extra charge, and its reversal a refund).
                await fleet.WhenCallbacksSentAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                var extraBefore = records.Sum(r => r.ExtraCharges.Count);
                var after = await ListAllAsync(store, cancellationToken);
                return after.All(r => r.Status.IsFinal() && r.Refunds.All(f => f.Status.IsFinal())) && after.Sum(r => r.ExtraCharges.Count) == extraBefore;
            }
        }

        var allResolved = await CountAsync(store, NotFinal, cancellationToken) == 0 ? dayTimer.Elapsed.TotalSeconds : (double?)null;

        // The last events of the day reach the ticket office before the books close (the dispatcher delivers them within a
        // second anyway; this makes the audit exact).
        await DeliverAllEventsAsync(app.Services, cancellationToken);

        if (!options.Console)
        {
            await app.StopAsync(CancellationToken.None);
        }

        await fleet.Daraja.WhenCallbacksSentAsync();

        var records = await ListAllAsync(store, cancellationToken);
        var lastOutage = scenario.Faults.Where(f => f.Kind is ScenarioFaultKind.Down or ScenarioFaultKind.Http503 && f.Rate >= 0.5).Select(f => (double?)f.To).Max();
        var money = new MoneyBack(fleet.Refunds(), desk.Asked, desk.Refused, progress.PossibleDuplicates);
        var report = ReportBuilder.Build(records, fleet.Charges(), breaker.Snapshot(), clock.Elapsed.TotalSeconds, allResolved, lastOutage, resumed, money, tickets);
        ReportPrinter.Print(report, output);
        if (options.Console)
        {
            output.WriteLine($"The operations console stays up at {new Uri(callbackBase, "payments-console")}: press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return report;
    }

    /// <summary>The sample's own scenarios (<c>Scenarios/*.json</c> beside the program), by file name with or without <c>.json</c>.</summary>
    public static IReadOnlyList<string> ShippedScenarios =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()!;

    /// <summary>Resolves <c>--scenario</c>: a file path, else the name of one of the sample's own scenarios; the default day when absent.</summary>
    public static string ScenarioPath(string? given)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Scenarios");
        if (given is null)
        {
            return Path.Combine(shipped, "default.json");
        }

        if (File.Exists(given) || given.IndexOfAny(['/', '\\']) >= 0)
        {
            return given;
        }

        var name = given.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? given : given + ".json";
        return File.Exists(Path.Combine(shipped, name)) ? Path.Combine(shipped, name) : given;
    }

    private static async Task SubmitAsync(IPaymentGateway gateway, IReadOnlyList<PaymentRequest> requests, Scenario scenario, Stopwatch day, ProgressObserver progress, RefundDesk desk, CancellationToken cancellationToken)
    {
        using var throttle = new SemaphoreSlim(scenario.Concurrency);
        var tasks = new List<Task>(requests.Count);
        var duration = TimeSpan.FromSeconds(scenario.DurationSeconds);
        for (var i = 0; i < requests.Count; i++)
        {
            var due = TimeSpan.FromTicks(duration.Ticks * i / requests.Count);
            if (day.Elapsed < due)
            {
                await Task.Delay(due - day.Elapsed, cancellationToken);
            }

            await throttle.WaitAsync(cancellationToken);
            var request = requests[i];
            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        var result = await gateway.PayAsync(request, cancellationToken);
                        progress.Seen(result.IdempotencyKey, result.Status);
                        await desk.ConsiderAsync(result, cancellationToken); // a motorist who cancels right after paying
                    }
                    finally
                    {
                        throttle.Release();
                    }
                },
                cancellationToken));
            progress.Submitted();
        }

        await Task.WhenAll(tasks);
    }

    private static async Task<int> CountAsync(IPaymentStore store, PaymentStatus[] statuses, CancellationToken cancellationToken)
    {
        var count = 0;
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(new PaymentQuery { Statuses = statuses, AfterKey = after, Limit = 500 }, cancellationToken);
            count += page.Count;
            if (page.Count < 500)
            {
                return count;
            }

            after = page[^1].Key;
        }
    }

    public static async Task<IReadOnlyList<PaymentRecord>> ListAllAsync(IPaymentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<PaymentRecord>();
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(new PaymentQuery { AfterKey = after, Limit = 500 }, cancellationToken);
            all.AddRange(page);
            if (page.Count < 500)
            {
                return all;
            }

            after = page[^1].Key;
        }
    }

    /// <summary>
    /// Runs the event dispatcher until every observer has every stored event. After a kill the dead run's leases must expire first
    /// (Payments:Events:LeaseDuration, short in this sample); bounded at 20 s.
    /// </summary>
    private static async Task DeliverAllEventsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetServices<IHostedService>().OfType<PaymentEventDispatchWorker>().Single();
        if (services.GetRequiredService<IPaymentStore>() is not IPaymentEventStore outbox)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            while (await dispatcher.RunOnceAsync(cancellationToken) > 0)
            {
            }

            var waiting = false;
            foreach (var subscription in await outbox.ListSubscriptionsAsync(cancellationToken))
            {
                waiting |= (await outbox.ReadEventsAsync(subscription.Checkpoint, 1, cancellationToken)).Count > 0;
            }

            var last = await outbox.ReadEventsAsync(PaymentEventPosition.Start, 1, cancellationToken);
            if (!waiting && (last.Count == 0 || (await outbox.ListSubscriptionsAsync(cancellationToken)).Count > 0))
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static void DeleteStore(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal", file + ".ledgers.jsonl", file + ".tickets.tsv" })
        {
            File.Delete(path);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Counts the gateway's breaker rejections per provider (metric <c>resilience.payments.breaker_rejections</c> of this host only).</summary>
    private sealed class BreakerCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public BreakerCounter(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Resilience.Payments" && instrument.Name == "resilience.payments.breaker_rejections" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(tags, (int)value));
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Add(tags, value));
            _listener.Start();
        }

        public Dictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

        public void Dispose() => _listener.Dispose();

        private void Add(ReadOnlySpan<KeyValuePair<string, object?>> tags, int value)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider" && tag.Value is string provider)
                {
                    _counts.AddOrUpdate(provider, value, (_, n) => n + value);
                }
            }
        }
    }
}
