namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// What a request that opens a transaction (<c>/transaction/initialize</c>, <c>/charge</c>, <c>/transaction/charge_authorization</c>)
/// asks for, read as leniently as Paystack reads it (<see cref="PaystackRequest"/>).
/// </summary>
/// <param name="Email">The customer's e-mail address.</param>
/// <param name="AmountMinor">The amount in the subunit.</param>
/// <param name="Currency">The currency (the integration's when the request had none).</param>
/// <param name="Reference">The reference sent, or <see langword="null"/> for one Paystack generates.</param>
/// <param name="Metadata">The <c>metadata</c> sent, as raw JSON (an object, or the string of stringified JSON), or <see langword="null"/>.</param>
/// <param name="CallbackUrl">The <c>callback_url</c> sent, or <see langword="null"/>.</param>
internal sealed record PaystackOrder(string Email, long AmountMinor, string Currency, string? Reference, string? Metadata, string? CallbackUrl);
