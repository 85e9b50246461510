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
    public const string PesapalKey = "county_parking_key";
    public const string PesapalSecret = "county_parking_secret";

    public ProviderFleet(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        Daraja = new DarajaSimulator(seed: scenario.Seed) { PayerDelay = PayerDelay, NoReplyDelay = TimeSpan.FromMinutes(5) };
        Paystack = new PaystackSimulator(PaystackSecret, scenario.Seed + 1) { MobileMoneyDelay = PayerDelay };
        PesapalSim = new PesapalSimulator(PesapalKey, PesapalSecret, scenario.Seed + 3) { PayerDelay = PayerDelay };
        foreach (var simulator in Simulators)
        {
            var callbacks = scenario.Callbacks;
            if (callbacks.Loss > 0)
            {
                simulator.AddFault(new SimulatorFault(SimulatorFaultKind.LoseCallbacks) { Rate = callbacks.Loss });
            }

            if (callbacks.Duplicate > 0)
            {
                simulator.AddFault(new SimulatorFault(SimulatorFaultKind.DuplicateCallbacks) { Rate = callbacks.Duplicate });
            }

            if (callbacks.DelayMaxMs > 0)
            {
                simulator.AddFault(new SimulatorFault(SimulatorFaultKind.DelayCallbacks)
                {
                    Latency = TimeSpan.FromMilliseconds(callbacks.DelayMinMs),
                    MaxLatency = TimeSpan.FromMilliseconds(callbacks.DelayMaxMs),
                });
            }
        }

        Airtel = new FakePaymentProvider("airtel", new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Airtel],
            Currencies = ["KES"],
            MinAmount = 10,
            MaxAmount = 150_000,
            WholeUnitsOnly = true,
        }).UseSeed(scenario.Seed + 2);

    }

    public Scenario Scenario { get; }

    public DarajaSimulator Daraja { get; }

    public PaystackSimulator Paystack { get; }

    public FakePaymentProvider Airtel { get; }

    /// <summary>Gets the Pesapal API 3.0 simulator (hosted checkout; the simulated payer pays <see cref="PayerDelay"/> after the redirect).</summary>
    public PesapalSimulator PesapalSim { get; }

    /// <summary>Gets the HTTP simulators.</summary>
    public IReadOnlyList<ProviderSimulator> Simulators => [Daraja, Paystack, PesapalSim];

    /// <summary>Charges the in-process providers made before an interrupted run (restored from the journal).</summary>
    public IReadOnlyList<LedgerCharge> PreviousCharges { get; set; } = [];

    /// <summary>How long a simulated payer takes to approve a prompt (M-Pesa STK push, Paystack M-Pesa charge).</summary>
    public static TimeSpan PayerDelay { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Schedules every fault of the scenario, times in seconds from <paramref name="start"/>.</summary>
    public void ApplyFaults(DateTimeOffset start)
    {
        DateTimeOffset At(double seconds) => start + TimeSpan.FromSeconds(seconds);
        foreach (var fault in Scenario.Faults)
        {
            var (from, to) = (At(fault.From), At(fault.To));
            ProviderSimulator? simulator = fault.Provider switch
            {
                "mpesa" => Daraja,
                "paystack" => Paystack,
                "pesapal" => PesapalSim,
                _ => null,
            };
            if (simulator is not null)
            {
                var kind = fault.Kind switch
                {
                    ScenarioFaultKind.Down => SimulatorFaultKind.Down,
                    ScenarioFaultKind.Http503 => SimulatorFaultKind.Http503,
                    ScenarioFaultKind.SpikeArrest => SimulatorFaultKind.RateLimited,
                    ScenarioFaultKind.Slow => SimulatorFaultKind.Slow,
                    ScenarioFaultKind.TimeoutAfterAccept => SimulatorFaultKind.ChargeThenNoReply,
                    _ => SimulatorFaultKind.Decline,
                };
                simulator.AddFault(new SimulatorFault(kind)
                {
                    From = from,
                    Until = to,
                    Rate = kind == SimulatorFaultKind.Down ? 1 : fault.Rate,
                    Latency = TimeSpan.FromMilliseconds(fault.LatencyMs ?? 0),
                    Code = fault.Code,
                });
            }
            else
            {
                Airtel.During(from, to, FakeFault(fault), fault.Rate);
            }
        }

        Airtel.Otherwise(FakeBehavior.Succeed());
    }

    /// <summary>Every charge in every provider's own ledger (declines and waiting prompts are not charges).</summary>
    public IReadOnlyList<LedgerCharge> Charges()
    {
        var charges = new List<LedgerCharge>();
        charges.AddRange(Daraja.Ledger.Select(c => new LedgerCharge("mpesa", c.ProviderReference, null, null, c.MerchantReference, c.Amount, c.Receipt)));
        charges.AddRange(Paystack.Ledger.Select(c => new LedgerCharge("paystack", c.ProviderReference, c.MerchantReference, null, null, c.Amount, c.Receipt)));
        charges.AddRange(PesapalSim.Ledger.Select(c => new LedgerCharge("pesapal", c.ProviderReference, c.MerchantReference, null, null, c.Amount, c.Receipt)));
        charges.AddRange(Airtel.Charges.Select(c => new LedgerCharge(Airtel.Name, c.AttemptReference, c.AttemptReference, c.PaymentKey, null, c.Amount.Amount, c.Receipt)));

        charges.AddRange(PreviousCharges);

        return charges;
    }

    public async ValueTask DisposeAsync()
    {
        await Daraja.DisposeAsync();
        await Paystack.DisposeAsync();
        await PesapalSim.DisposeAsync();
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
}
