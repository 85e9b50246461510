using CountyParking.Scenarios;
using Resilience.Payments.Testing.Simulators;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;
using Resilience.Payments.Testing.Simulators.Pesapal;

namespace CountyParking.Simulation;

/// <summary>
/// The four providers of the day, each an HTTP simulator of its real API on loopback with its own charge ledger (the real
/// adapters talk to them). Applies the scenario's faults on the run's clock.
/// </summary>
public sealed class ProviderFleet : IAsyncDisposable
{
    public const string PaystackSecret = "sk_test_county_parking";
    public const string PesapalKey = "county_parking_key";
    public const string AirtelClientId = "county-parking-client";
    public const string AirtelClientSecret = "county-parking-secret";
    public const string PesapalSecret = "county_parking_secret";

    /// <param name="scenario">The scenario.</param>
    /// <param name="generation">0 for a fresh day; a resumed run passes how often the day was resumed, so that its simulators
    /// draw fresh identifiers and receipts instead of repeating those the interrupted run already issued.</param>
    public ProviderFleet(Scenario scenario, int generation = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        var seed = scenario.Seed + (generation * 7919);
        // Refunds settle within seconds here (a real day: minutes to hours, Pesapal's merchant approval included).
        Daraja = new DarajaSimulator(seed: seed) { PayerDelay = PayerDelay, NoReplyDelay = TimeSpan.FromMinutes(5), ReversalDelay = RefundDelay };
        Paystack = new PaystackSimulator(PaystackSecret, seed + 1) { PayerDelay = PayerDelay, RefundStepDelay = RefundDelay };
        PesapalSim = new PesapalSimulator(PesapalKey, PesapalSecret, seed + 3) { PayerDelay = PayerDelay, RefundApprovalDelay = RefundDelay };
        AirtelSim = new AirtelMoneySimulator(AirtelClientId, AirtelClientSecret, seed + 2) { PayerDelay = PayerDelay, RefundDelay = RefundDelay };
        foreach (var simulator in Simulators)
        {
            var callbacks = scenario.Callbacks;
            if (callbacks.Loss > 0 && !IsLateSuccessProvider(simulator))
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
    }

    public Scenario Scenario { get; }

    /// <summary>How long every simulator takes to give money back (a reversal's result, a refund's steps, a merchant's approval).</summary>
    public static TimeSpan RefundDelay { get; } = TimeSpan.FromSeconds(1);

    public DarajaSimulator Daraja { get; }

    public PaystackSimulator Paystack { get; }

    /// <summary>Gets the Airtel Money Open API simulator (USSD push; the simulated payer answers <see cref="PayerDelay"/> later).</summary>
    public AirtelMoneySimulator AirtelSim { get; }

    /// <summary>Gets the Pesapal API 3.0 simulator (hosted checkout; the simulated payer pays <see cref="PayerDelay"/> after the redirect).</summary>
    public PesapalSimulator PesapalSim { get; }

    /// <summary>Gets the HTTP simulators.</summary>
    public IReadOnlyList<ProviderSimulator> Simulators => [Daraja, AirtelSim, Paystack, PesapalSim];

    /// <summary>How long a simulated payer takes to approve a prompt (M-Pesa STK push, Paystack M-Pesa charge).</summary>
    public static TimeSpan PayerDelay { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Schedules every fault of the scenario, times in seconds from <paramref name="start"/>.</summary>
    public void ApplyFaults(DateTimeOffset start)
    {
        DateTimeOffset At(double seconds) => start + TimeSpan.FromSeconds(seconds);
        if (Scenario.LateSuccesses is { } late)
        {
            // Late successes after failover: the provider's queue holds a share of collections past the settle window (the gateway
            // hears "no such transaction" and fails over), then charges them. Only the provider's callback tells the gateway of
            // such a charge (nobody asks again about an attempt proven unprocessed), so that provider's callbacks are lost only
            // until the first held collection lands.
            var simulator = Simulators.Single(s => s.ProviderName == late.Provider);
            simulator.AddFault(new SimulatorFault(SimulatorFaultKind.QueueThenProcess)
            {
                From = At(late.From),
                Until = At(late.To),
                Rate = late.Rate,
                Latency = TimeSpan.FromMilliseconds(late.AfterMs),
            });
            if (Scenario.Callbacks.Loss > 0)
            {
                simulator.AddFault(new SimulatorFault(SimulatorFaultKind.LoseCallbacks) { Rate = Scenario.Callbacks.Loss, Until = At(late.From + (late.AfterMs / 1000.0)) });
            }
        }

        foreach (var fault in Scenario.Faults)
        {
            var (from, to) = (At(fault.From), At(fault.To));
            ProviderSimulator? simulator = fault.Provider switch
            {
                "mpesa" => Daraja,
                "paystack" => Paystack,
                "pesapal" => PesapalSim,
                _ => AirtelSim,
            };
            {
                var kind = fault.Kind switch
                {
                    ScenarioFaultKind.Down => SimulatorFaultKind.Down,
                    ScenarioFaultKind.Http503 => SimulatorFaultKind.Http503,
                    ScenarioFaultKind.SpikeArrest => SimulatorFaultKind.RateLimited,
                    ScenarioFaultKind.Slow => SimulatorFaultKind.Slow,
                    ScenarioFaultKind.TimeoutAfterAccept => SimulatorFaultKind.ChargeThenNoReply,
                    ScenarioFaultKind.QueueThenProcess => SimulatorFaultKind.QueueThenProcess,
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
        }

    }

    /// <summary>Every charge in every provider's own ledger (declines and waiting prompts are not charges).</summary>
    public IReadOnlyList<LedgerCharge> Charges()
    {
        var charges = new List<LedgerCharge>();
        charges.AddRange(Daraja.Charges.Select(c => new LedgerCharge("mpesa", c.ProviderReference, null, null, c.MerchantReference, c.Amount, c.Receipt)));
        charges.AddRange(Paystack.Charges.Select(c => new LedgerCharge("paystack", c.ProviderReference, c.MerchantReference, null, null, c.Amount, c.Receipt)));
        charges.AddRange(PesapalSim.Charges.Select(c => new LedgerCharge("pesapal", c.ProviderReference, c.MerchantReference, null, null, c.Amount, c.Receipt)));
        charges.AddRange(AirtelSim.Charges.Select(c => new LedgerCharge("airtel", c.ProviderReference, c.MerchantReference, null, null, c.Amount, c.Receipt)));
        return charges;
    }

    /// <summary>Every refund or reversal in every provider's own ledger (money given back).</summary>
    public IReadOnlyList<LedgerRefund> Refunds() =>
        Simulators.SelectMany(s => s.Refunds.Select(r => new LedgerRefund(s.ProviderName, r.ChargeReference, r.RefundReference, r.Amount, r.MerchantReference))).ToList();

    /// <summary>Gets how many collections the providers still hold in their queues (late successes not landed yet).</summary>
    public int HeldCollections => AirtelSim.QueuedCollections;

    /// <summary>Waits until every callback the providers produced so far has been delivered (or lost).</summary>
    public Task WhenCallbacksSentAsync() => Task.WhenAll(Simulators.Select(s => s.WhenCallbacksSentAsync()));

    private bool IsLateSuccessProvider(ProviderSimulator simulator) => Scenario.LateSuccesses is { } late && late.Provider == simulator.ProviderName;

    public async ValueTask DisposeAsync()
    {
        await Daraja.DisposeAsync();
        await Paystack.DisposeAsync();
        await PesapalSim.DisposeAsync();
        await AirtelSim.DisposeAsync();
    }
}
