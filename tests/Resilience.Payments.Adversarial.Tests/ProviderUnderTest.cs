using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;
using Resilience.Payments.Testing.Simulators.Pesapal;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>One of the four adapters, with its simulator, its registration and the path of its money-moving request.</summary>
internal sealed class ProviderUnderTest
{
    public const string Daraja = "daraja";
    public const string Airtel = "airtel";
    public const string Paystack = "paystack";
    public const string Pesapal = "pesapal";

    public static readonly string[] All = [Daraja, Airtel, Paystack, Pesapal];

    private ProviderUnderTest(string name, string clientName, string chargePath, string phone, ProviderSimulator simulator, Action<IPaymentGatewayBuilder> add)
    {
        Name = name;
        ClientName = clientName;
        ChargePath = chargePath;
        Phone = phone;
        Simulator = simulator;
        Add = add;
    }

    public string Name { get; }

    /// <summary>The adapter's public <c>HttpClientName</c>.</summary>
    public string ClientName { get; }

    /// <summary>The path of the request that moves money (STK push, collection, charge, order).</summary>
    public string ChargePath { get; }

    public string Phone { get; }

    public ProviderSimulator Simulator { get; }

    /// <summary>Registers the adapter (its <c>AddXxx</c>) pointed at the simulator.</summary>
    public Action<IPaymentGatewayBuilder> Add { get; }

    /// <summary>Gets how many money-moving requests reached the simulator (its WireMock request log).</summary>
    public int ChargeRequests => Simulator.Server!.LogEntries.Count(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == ChargePath);

    public static ProviderUnderTest Create(string name, FakeTimeProvider time)
    {
        var closed = new Uri("http://127.0.0.1:9/"); // nothing listens: callbacks are never delivered (the clock is not advanced anyway)
        switch (name)
        {
            case Daraja:
                var daraja = new DarajaSimulator(seed: 11, timeProvider: time);
                return new(name, DarajaGatewayBuilderExtensions.HttpClientName, "/mpesa/stkpush/v1/processrequest", "0712345678", daraja, b => b.AddMpesaDaraja(o =>
                {
                    o.BaseAddress = daraja.BaseAddress;
                    o.ConsumerKey = daraja.ConsumerKey;
                    o.ConsumerSecret = daraja.ConsumerSecret;
                    o.BusinessShortCode = daraja.BusinessShortCode;
                    o.Passkey = daraja.Passkey;
                    o.CallbackUrl = new Uri(closed, "mpesa");
                    o.CallbackSigningKeys.Add("adversarial-tests-callback-signing-key-0123456789");
                }));
            case Airtel:
                var airtel = new AirtelMoneySimulator(seed: 11, timeProvider: time);
                return new(name, AirtelMoneyGatewayBuilderExtensions.HttpClientName, "/merchant/v1/payments/", "0733123456", airtel, b => b.AddAirtelMoney(o =>
                {
                    o.BaseAddress = airtel.BaseAddress;
                    o.ClientId = airtel.ClientId;
                    o.ClientSecret = airtel.ClientSecret;
                }));
            case Paystack:
                var paystack = new PaystackSimulator(seed: 11, timeProvider: time);
                return new(name, PaystackGatewayBuilderExtensions.HttpClientName, "/charge", "0712345678", paystack, b => b.AddPaystack(o =>
                {
                    o.BaseAddress = paystack.BaseAddress;
                    o.SecretKey = paystack.SecretKey;
                    o.DefaultEmail = "payer@example.org";
                }));
            case Pesapal:
                var pesapal = new PesapalSimulator(seed: 11, timeProvider: time);
                return new(name, PesapalGatewayBuilderExtensions.HttpClientName, "/api/Transactions/SubmitOrderRequest", "0712345678", pesapal, b => b.AddPesapal(o =>
                {
                    o.BaseAddress = pesapal.BaseAddress;
                    o.ConsumerKey = pesapal.ConsumerKey;
                    o.ConsumerSecret = pesapal.ConsumerSecret;
                    o.IpnUrl = new Uri(closed, "pesapal/ipn");
                    o.CallbackUrl = new Uri("https://example.org/paid");
                }));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown provider.");
        }
    }

    public PaymentRequest Payment(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(150),
        Instruments = [PaymentInstrument.MobileMoney(Phone)],
        AccountReference = "KCA123X",
        Description = "Parking",
    };
}
