using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Resilience.Payments.Callbacks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Paystack.Tests;

internal static class PaystackTestKit
{
    public const string SecretKey = "sk_test_0123456789abcdef";

    public const string Email = "payments@county.example";

    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public static PaystackOptions Options(Uri baseAddress, TimeSpan? timeout = null, string secretKey = SecretKey) => new()
    {
        BaseAddress = baseAddress,
        SecretKey = secretKey,
        DefaultEmail = Email,
        CallbackUrl = new Uri("https://county.example/paid"),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    public static PaystackPaymentProvider Provider(Uri baseAddress, TimeSpan? timeout = null, string secretKey = SecretKey, TimeProvider? time = null, Action<PaystackOptions>? configure = null, HttpClient? http = null)
    {
        var options = Options(baseAddress, timeout, secretKey);
        configure?.Invoke(options);
        return new(http ?? new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), time);
    }

    /// <summary>An adapter that gives up on <c>POST /charge</c> alone after 1 s (the reply a simulator holds back); verify keeps 15 s.</summary>
    public static PaystackPaymentProvider HeldChargeProvider(Uri baseAddress, TimeProvider? time = null) =>
        Provider(baseAddress, TimeSpan.FromSeconds(15), time: time, http: HeldReplyTimeoutHandler.Client(null, "/charge"));

    public static PaystackPaymentProvider Provider(WireMockServer server, TimeSpan? timeout = null) => Provider(new Uri(server.Url!), timeout);

    public static ProviderPaymentRequest Charge(PaymentInstrument? instrument = null, decimal amount = 200m, string reference = "park-001-1") => new()
    {
        PaymentKey = "park-001",
        AttemptReference = reference,
        AttemptNumber = 1,
        Amount = Money.Kes(amount),
        Instrument = instrument ?? PaymentInstrument.Card("AUTH_8dfhjjdt"),
    };

    public static ProviderStatusRequest Status(string reference = "park-001-1", DateTimeOffset? startedAt = null) => new()
    {
        PaymentKey = "park-001",
        AttemptReference = reference,
        Amount = Money.Kes(200m),
        Instrument = PaymentInstrument.Card("AUTH_8dfhjjdt"),
        StartedAt = startedAt ?? Start,
        LastInFlightAt = (startedAt ?? Start) + TimeSpan.FromSeconds(30),
    };

    public static PaymentInstrument Mpesa => PaymentInstrument.MobileMoney("0712345678");

    /// <summary>A refund of KES <paramref name="amount"/> of the charge <c>park-001-1</c> (KES 200), sent at <see cref="Start"/>.</summary>
    public static ProviderRefundRequest Refund(decimal amount = 50.25m, string reference = "rf-park-001-a", string? refundId = null, string attempt = "park-001-1", decimal charged = 200m) => new()
    {
        PaymentKey = "park-001",
        RefundKey = "refund-park-001-a",
        RefundReference = reference,
        Amount = Money.Kes(amount),
        Reason = "permit cancelled",
        AttemptReference = attempt,
        ChargeProviderReference = attempt,
        ChargedAmount = Money.Kes(charged),
        Instrument = PaymentInstrument.Card("AUTH_8dfhjjdt"),
        ProviderReference = refundId,
        SentAt = Start,
        LastInFlightAt = Start + TimeSpan.FromSeconds(5),
    };

    /// <summary>A refund webhook body as Paystack sends it (amount as a string, the refund's id, the transaction's reference).</summary>
    public static string RefundWebhook(string @event, long id = 3018284, string amount = "\"5025\"", string? merchantNote = "rf-park-001-a") =>
        $$$"""{"event":"{{{@event}}}","data":{"id":{{{id}}},"status":"{{{@event["refund.".Length..]}}}","transaction_reference":"park-001-1","refund_reference":null,"amount":{{{amount}}},"currency":"KES","merchant_note":{{{(merchantNote is null ? "null" : "\"" + merchantNote + "\"")}}},"domain":"test"}}""";

    public static PaymentCallback Signed(string body, string secretKey = SecretKey) => new()
    {
        Body = System.Text.Encoding.UTF8.GetBytes(body),
        Headers = new Dictionary<string, string> { ["x-paystack-signature"] = Resilience.Payments.Testing.Simulators.Paystack.PaystackSimulator.Sign(body, secretKey) },
    };

    public static void Stub(WireMockServer server, string path, int status, string body, bool get = false)
    {
        var request = Request.Create().WithPath(path);
        server.Given(get ? request.UsingGet() : request.UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public static string LastBody(WireMockServer server) => server.LogEntries[^1].RequestMessage!.Body!;

    public static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
