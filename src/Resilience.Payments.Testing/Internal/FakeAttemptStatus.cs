namespace Resilience.Payments.Testing.Internal;

/// <summary>Where one attempt stands in a <see cref="FakePaymentProvider"/>'s books.</summary>
internal enum FakeAttemptStatus
{
    Charged,
    Pending,
    ActionRequired,
    Declined,
}
