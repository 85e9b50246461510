using System;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>A webhook <see cref="PaystackSimulator"/> produced, whether or not it was delivered.</summary>
/// <param name="Reference">The transaction reference it reports.</param>
/// <param name="Event"><c>charge.success</c> or <c>charge.failed</c>.</param>
/// <param name="Body">The raw body (sign and send its UTF-8 bytes).</param>
/// <param name="Signature">The <c>x-paystack-signature</c> header: lowercase hex HMAC-SHA512 of the body with the secret key.</param>
/// <param name="Deliveries">How many times it was POSTed (0 when lost, 2 when duplicated).</param>
/// <param name="CreatedAt">When, on the simulator's clock.</param>
public sealed record PaystackSimulatedWebhook(string Reference, string Event, string Body, string Signature, int Deliveries, DateTimeOffset CreatedAt);
