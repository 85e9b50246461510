namespace Resilience.Payments.Testing;

/// <summary>One charge a fake provider made: the ground truth a test audits the gateway against.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="PaymentKey">The payment's idempotency key.</param>
/// <param name="AttemptReference">The attempt reference the gateway sent.</param>
/// <param name="Amount">The amount charged.</param>
/// <param name="Receipt">The receipt issued.</param>
/// <param name="ChargedAt">When, on the provider's clock.</param>
public sealed record FakeCharge(string Provider, string PaymentKey, string AttemptReference, Money Amount, string Receipt, DateTimeOffset ChargedAt);
