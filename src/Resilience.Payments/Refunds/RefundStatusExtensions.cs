namespace Resilience.Payments;

/// <summary>Helpers for <see cref="RefundStatus"/>.</summary>
public static class RefundStatusExtensions
{
    /// <summary>Returns whether the status is final: Succeeded, Rejected or Failed.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when nothing more will happen to the refund.</returns>
    public static bool IsFinal(this RefundStatus status) =>
        status is RefundStatus.Succeeded or RefundStatus.Rejected or RefundStatus.Failed;

    /// <summary>
    /// Returns whether the refund's amount counts against what is left to refund: every status but Rejected and Failed (a refund
    /// in flight, pending, unknown or queued may yet move money, so it is reserved).
    /// </summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when the amount is reserved or refunded.</returns>
    public static bool HoldsAmount(this RefundStatus status) => status is not (RefundStatus.Rejected or RefundStatus.Failed);
}
