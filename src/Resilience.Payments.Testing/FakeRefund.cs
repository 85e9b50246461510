namespace Resilience.Payments.Testing;

/// <summary>One refund a fake provider made (money given back): the ground truth a test audits the gateway's refunds against.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="PaymentKey">The payment's idempotency key.</param>
/// <param name="RefundKey">The refund's key.</param>
/// <param name="RefundReference">The refund reference the gateway sent.</param>
/// <param name="AttemptReference">The refunded charge's attempt reference.</param>
/// <param name="Amount">The amount given back.</param>
/// <param name="RefundedAt">When, on the provider's clock.</param>
public sealed record FakeRefund(string Provider, string PaymentKey, string RefundKey, string RefundReference, string AttemptReference, Money Amount, DateTimeOffset RefundedAt);
