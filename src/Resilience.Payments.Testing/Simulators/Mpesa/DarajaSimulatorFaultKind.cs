namespace Resilience.Payments.Testing.Simulators;

/// <summary>The kinds of fault the Daraja simulator injects.</summary>
internal enum DarajaSimulatorFaultKind
{
    Fail503,
    SpikeArrest,
    Slow,
    ChargeThenNoReply,
    Decline,
    LoseCallbacks,
    DuplicateCallbacks,
}
