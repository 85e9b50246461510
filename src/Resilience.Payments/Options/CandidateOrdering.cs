namespace Resilience.Payments;

/// <summary>How the gateway orders the (provider, instrument) pairs it tries.</summary>
public enum CandidateOrdering
{
    /// <summary>
    /// The payer's instruments in their order, each through every provider that can charge it in failover order:
    /// M-Pesa via Daraja, M-Pesa via an aggregator, then Airtel Money, then card. The default.
    /// </summary>
    InstrumentFirst = 0,

    /// <summary>Providers in failover order, each with every instrument of the payer it can charge.</summary>
    ProviderFirst = 1,
}
