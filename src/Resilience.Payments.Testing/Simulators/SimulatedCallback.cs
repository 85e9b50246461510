namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// One callback (webhook, IPN) a provider simulator produced, whether or not it was delivered, the same shape for every provider:
/// recorded in <see cref="ProviderSimulator.Callbacks"/> once its deliveries are over.
/// </summary>
/// <param name="Provider">The simulated provider (<see cref="ProviderSimulator.ProviderName"/>).</param>
/// <param name="MerchantReference">The merchant's reference of the transaction it reports (Daraja: the AccountReference; Paystack: the transaction reference; Pesapal: the merchant reference; Airtel: the transaction id).</param>
/// <param name="ProviderReference">The provider's reference of that transaction (Daraja: the CheckoutRequestID; Paystack: the transaction id; Pesapal: the order tracking id; Airtel: the Airtel Money id of a successful transaction), or <see langword="null"/>.</param>
/// <param name="Method"><c>POST</c> (a JSON body), or <c>GET</c> (Pesapal IPNs registered as GET: <paramref name="Body"/> is the query string).</param>
/// <param name="Url">Where it was sent (for a GET, with its query), or <see langword="null"/> when the simulator had nowhere to send it.</param>
/// <param name="Body">The raw body (for a GET, the query string).</param>
/// <param name="Deliveries">How many requests got an HTTP answer: 0 when lost, 2 when duplicated; when <paramref name="Url"/> is <see langword="null"/>, how many would have been sent.</param>
/// <param name="CreatedAt">When its deliveries ended, on the simulator's clock.</param>
public sealed record SimulatedCallback(
    string Provider,
    string MerchantReference,
    string? ProviderReference,
    string Method,
    Uri? Url,
    string Body,
    int Deliveries,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets the event the provider names in it (Paystack: <c>charge.success</c> or <c>charge.failed</c>), or <see langword="null"/>.</summary>
    public string? Event { get; init; }

    /// <summary>Gets the extra request headers it was sent with (Paystack: <c>x-paystack-signature</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
