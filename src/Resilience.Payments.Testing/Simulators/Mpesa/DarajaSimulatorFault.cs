using System;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>One fault of the Daraja simulator, possibly limited to a time window of its clock.</summary>
internal sealed record DarajaSimulatorFault(DarajaSimulatorFaultKind Kind, double Rate, string? Code, TimeSpan Delay, DateTimeOffset? From, DateTimeOffset? Until)
{
    public bool IsActiveAt(DateTimeOffset now) => (From is null || now >= From) && (Until is null || now < Until);
}
