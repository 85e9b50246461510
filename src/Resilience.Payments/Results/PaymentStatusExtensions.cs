namespace Resilience.Payments;

/// <summary>Helpers for <see cref="PaymentStatus"/>.</summary>
public static class PaymentStatusExtensions
{
    /// <summary>Returns whether the status is final. Only <see cref="PaymentStatus.Succeeded"/> can still follow
    /// a final failure status, when a provider later reports that money did move.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Succeeded, Declined, Failed, Expired and Cancelled.</returns>
    public static bool IsFinal(this PaymentStatus status) =>
        status is PaymentStatus.Succeeded or PaymentStatus.Declined or PaymentStatus.Failed or PaymentStatus.Expired or PaymentStatus.Cancelled;
}
