namespace Resilience.Payments;

/// <summary>What a refund update did.</summary>
/// <param name="Disposition">Whether it changed anything (<see cref="ProviderUpdateDisposition.UnknownReference"/> when no refund matched).</param>
/// <param name="Refund">The refund after the update, when one matched.</param>
public sealed record RefundUpdateResult(ProviderUpdateDisposition Disposition, RefundResult? Refund);
