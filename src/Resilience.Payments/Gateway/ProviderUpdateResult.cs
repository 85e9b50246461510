namespace Resilience.Payments;

/// <summary>What a provider update did.</summary>
/// <param name="Disposition">Whether it changed anything.</param>
/// <param name="Payment">The payment after the update, when one matched.</param>
public sealed record ProviderUpdateResult(ProviderUpdateDisposition Disposition, PaymentResult? Payment);
