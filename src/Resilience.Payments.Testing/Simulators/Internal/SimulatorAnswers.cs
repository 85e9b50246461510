namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>A provider's answers to the request faults of the prelude (<see cref="ProviderSimulator.DrawRequestFaultsAsync"/>).</summary>
/// <param name="RateLimited">The answer to <see cref="SimulatorFaultKind.RateLimited"/>.</param>
/// <param name="Unavailable">The answer to <see cref="SimulatorFaultKind.Http503"/>.</param>
/// <param name="Interrupted">The answer when the simulator is disposed during a <see cref="SimulatorFaultKind.Slow"/> delay.</param>
internal sealed record SimulatorAnswers(Func<ResponseMessage> RateLimited, Func<ResponseMessage> Unavailable, Func<ResponseMessage> Interrupted);
