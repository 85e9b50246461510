using System.Globalization;
using CountyParking.Scenarios;
using Resilience.Payments;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators;

namespace CountyParking.Simulation;

/// <summary>
/// The four providers of the day, each with its own charge ledger: M-Pesa Daraja and Paystack as HTTP simulators of their
/// real APIs on loopback (the real adapters talk to them), Airtel Money and Pesapal as in-process fakes until their adapters
/// and simulators land. Applies the scenario's faults on the run's clock.
/// </summary>
public sealed class ProviderFleet : IAsyncDisposable
{
    public const string PaystackSecret = "sk_test_county_parking";

    private readonly List<ITimer> _timers = [];

    public ProviderFleet(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        var callbackDelay = TimeSpan.FromMilliseconds((scenario.Callbacks.DelayMinMs + scenario.Callbacks.DelayMaxMs) / 2.0);
        Daraja = new DarajaSimulator(seed: scenario.Seed) { PayerDelay = callbackDelay, NoReplyDelay = TimeSpan.FromMinutes(5) };
        if (scenario.Callbacks.Loss > 0)
        {
            Daraja.LoseCallbacks(scenario.Callbacks.Loss);
        }

        if (scenario.Callbacks.Duplicate > 0)
        {
            Daraja.DuplicateCallbacks(scenario.Callbacks.Duplicate);
        }

        Paystack = new PaystackSimulator(PaystackSecret, scenario.Seed + 1)
        {
            MobileMoneyDelay = callbackDelay,
            WebhookLossRate = scenario.Callbacks.Loss,
            WebhookDuplicateRate = scenario.Callbacks.Duplicate,
        };

        Airtel = new FakePaymentProvider("airtel", new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Airtel],
            Currencies = ["KES"],
            MinAmount = 10,
            MaxAmount = 150_000,
            WholeUnitsOnly = true,
        }).UseSeed(scenario.Seed + 2);

        Pesapal = new FakePaymentProvider("pesapal", new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card],
            Networks = [MobileNetwork.Safaricom],
            Currencies = ["KES"],
            MinAmount = 1,
            MaxAmount = 250_000,
        }).UseSeed(scenario.Seed + 3);
    }

    public Scenario Scenario { get; }

    public DarajaSimulator Daraja { get; }

    public PaystackSimulator Paystack { get; }

    public FakePaymentProvider Airtel { get; }

    public FakePaymentProvider Pesapal { get; }

    /// <summary>Schedules every fault of the scenario, times in seconds from <paramref name="start"/>.</summary>
    public void ApplyFaults(DateTimeOffset start, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        DateTimeOffset At(double seconds) => start + TimeSpan.FromSeconds(seconds);
        foreach (var fault in Scenario.Faults)
        {
            var (from, to) = (At(fault.From), At(fault.To));
            switch (fault.Provider)
            {
                case "mpesa" when fault.Kind == ScenarioFaultKind.Down:
                    Schedule(time, start, fault, Daraja.Down, Daraja.Up);
                    break;
                case "mpesa":
                    Daraja.During(from, to, s =>
                    {
                        _ = fault.Kind switch
                        {
                            ScenarioFaultKind.Http503 => s.Fail503(fault.Rate),
                            ScenarioFaultKind.SpikeArrest => s.SpikeArrest(fault.Rate),
                            ScenarioFaultKind.Slow => s.Slow(TimeSpan.FromMilliseconds(fault.LatencyMs!.Value)),
                            ScenarioFaultKind.TimeoutAfterAccept => s.ChargeThenNoReply(fault.Rate),
                            ScenarioFaultKind.Decline => s.Decline(fault.Code!, fault.Rate),
                            _ => s,
                        };
                    });
                    break;
                case "paystack" when fault.Kind == ScenarioFaultKind.Down:
                    Schedule(time, start, fault, Paystack.Down, Paystack.Up);
                    break;
                case "paystack":
                    Paystack.During(from, to, s =>
                    {
                        _ = fault.Kind switch
                        {
                            ScenarioFaultKind.Http503 => s.Fail503(fault.Rate),
                            ScenarioFaultKind.SpikeArrest => s.RateLimit(fault.Rate),
                            ScenarioFaultKind.Slow => s.Slow(TimeSpan.FromMilliseconds(fault.LatencyMs!.Value)),
                            ScenarioFaultKind.TimeoutAfterAccept => s.ChargeThenNoReply(fault.Rate),
                            ScenarioFaultKind.Decline => s.Decline(fault.Code!, fault.Rate),
                            _ => s,
                        };
                    });
                    break;
                default:
                    var fake = fault.Provider == "airtel" ? Airtel : Pesapal;
                    fake.During(from, to, FakeFault(fault), fault.Rate);
                    break;
            }
        }

        Airtel.Otherwise(FakeBehavior.Succeed());
        Pesapal.Otherwise(FakeBehavior.Succeed());
    }

    /// <summary>Every charge in every provider's own ledger (declines and waiting prompts are not charges).</summary>
    public IReadOnlyList<LedgerCharge> Charges()
    {
        var charges = new List<LedgerCharge>();
        charges.AddRange(Daraja.Charges.Select(c => new LedgerCharge("mpesa", c.ProviderReference, null, null, c.AccountReference, c.Amount, c.Receipt)));
        charges.AddRange(Paystack.Charges.Where(c => c.IsSuccessful).Select(c => new LedgerCharge(
            "paystack", c.Reference, c.Reference, null, null, c.AmountMinor / 100m, c.Id.ToString(CultureInfo.InvariantCulture))));
        foreach (var fake in new[] { Airtel, Pesapal })
        {
            charges.AddRange(fake.Charges.Select(c => new LedgerCharge(fake.Name, c.AttemptReference, c.AttemptReference, c.PaymentKey, null, c.Amount.Amount, c.Receipt)));
        }

        return charges;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var timer in _timers)
        {
            await timer.DisposeAsync();
        }

        await Daraja.DisposeAsync();
        await Paystack.DisposeAsync();
    }

    private static FakeBehavior FakeFault(ScenarioFault fault) => fault.Kind switch
    {
        ScenarioFaultKind.Down => FakeBehavior.NotProcessed("connection refused", "ECONNREFUSED"),
        ScenarioFaultKind.Http503 => FakeBehavior.NotProcessed("HTTP 503 Service Unavailable", "503"),
        ScenarioFaultKind.SpikeArrest => FakeBehavior.NotProcessed("HTTP 429 Too Many Requests", "429"),
        ScenarioFaultKind.Slow => FakeBehavior.Succeed().WithLatency(TimeSpan.FromMilliseconds(fault.LatencyMs!.Value)),
        ScenarioFaultKind.TimeoutAfterAccept => FakeBehavior.ChargeThenUnknown(),
        ScenarioFaultKind.Decline => FakeBehavior.Decline(fault.Code!, $"declined ({fault.Code})"),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    private void Schedule(TimeProvider time, DateTimeOffset start, ScenarioFault fault, Action down, Action up)
    {
        var now = time.GetUtcNow();
        var from = start + TimeSpan.FromSeconds(fault.From) - now;
        var to = start + TimeSpan.FromSeconds(fault.To) - now;
        if (to <= TimeSpan.Zero)
        {
            return;
        }

        _timers.Add(time.CreateTimer(_ => down(), null, from < TimeSpan.Zero ? TimeSpan.Zero : from, Timeout.InfiniteTimeSpan));
        _timers.Add(time.CreateTimer(_ => up(), null, to, Timeout.InfiniteTimeSpan));
    }
}
