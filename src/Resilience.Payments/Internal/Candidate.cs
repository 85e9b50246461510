namespace Resilience.Payments.Internal;

/// <summary>One (provider, instrument) pair the gateway may try.</summary>
internal readonly record struct Candidate(ProviderEntry Provider, PaymentInstrument Instrument);
