using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>Why a candidate did not take the payment; formatted only when the payment ends unrouted.</summary>
internal readonly record struct RouteNote(Candidate Candidate, ProviderCircuitState? Circuit, string? Reason)
{
    public override string ToString() => Circuit is { } circuit
        ? $"{Candidate.Provider.Name} ({Candidate.Instrument.Masked}): circuit {circuit.ToString().ToLowerInvariant()}"
        : $"{Candidate.Provider.Name} ({Candidate.Instrument.Masked}): {Reason}";
}
