using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Pesapal.Tests;

internal static class PesapalTestKit
{
    public const string ConsumerKey = "qkio1BGGYAXTu2JOfm7XSXNruoZsrqEW";

    public const string ConsumerSecret = "osGQ364R49cXKeOYSpaOnT++rHs=";

    public const string TokenValue = "eyJhbGciOiJIUzI1NiJ9.pesapal-token";

    public const string IpnId = "e32182ca-0983-4fa0-91bc-c3bb813ba750";

    public const string TrackingId = "b945e4af-80a5-4ec1-8706-e03f8332fb04";

    public const string TokenPath = "/api/Auth/RequestToken";

    public const string RegisterIpnPath = "/api/URLSetup/RegisterIPN";

    public const string SubmitPath = "/api/Transactions/SubmitOrderRequest";

    public const string StatusPath = "/api/Transactions/GetTransactionStatus";

    public const string RefundPath = "/api/Transactions/RefundRequest";

    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public static readonly Uri IpnUrl = new("https://county.example/payments/pesapal/ipn");

    public static PesapalOptions Options(Uri baseAddress, TimeSpan? timeout = null, string? notificationId = null) => new()
    {
        BaseAddress = baseAddress,
        ConsumerKey = ConsumerKey,
        ConsumerSecret = ConsumerSecret,
        IpnUrl = IpnUrl,
        NotificationId = notificationId,
        CallbackUrl = new Uri("https://county.example/paid"),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(15), // generous: only tests about a held reply use a short one
    };

    public static PesapalPaymentProvider Provider(Uri baseAddress, TimeSpan? timeout = null, TimeProvider? time = null, string? notificationId = null) =>
        new(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(baseAddress, timeout, notificationId)), time);

    public static PesapalPaymentProvider Provider(WireMockServer server, TimeSpan? timeout = null, TimeProvider? time = null) => Provider(new Uri(server.Url!), timeout, time);

    public static ProviderPaymentRequest Order(PaymentInstrument? instrument = null, decimal amount = 200.50m, string reference = "park-001-1", string currency = "KES") => new()
    {
        PaymentKey = "park-001",
        AttemptReference = reference,
        AttemptNumber = 1,
        Amount = new Money(amount, currency),
        Instrument = instrument ?? Checkout,
        Description = "Parking KCA 123X",
    };

    public static ProviderStatusRequest Status(string? trackingId = TrackingId, string reference = "park-001-1") => new()
    {
        PaymentKey = "park-001",
        AttemptReference = reference,
        ProviderReference = trackingId,
        Amount = Money.Kes(200.50m),
        Instrument = Checkout,
    };

    public static ProviderRefundRequest Refund(decimal amount = 200.50m, decimal charged = 200.50m, string? receipt = "SGR7LK2PQ1", string? trackingId = TrackingId, PaymentInstrument? instrument = null, string reference = "park-001-1", string currency = "KES") => new()
    {
        PaymentKey = "park-001",
        RefundKey = "refund-1",
        RefundReference = "rf-park-001",
        Amount = new Money(amount, currency),
        Reason = "Permit cancelled",
        AttemptReference = reference,
        ChargeProviderReference = trackingId,
        ChargeReceipt = receipt,
        ChargedAmount = new Money(charged, "KES"),
        Instrument = instrument ?? Checkout,
        SentAt = Start,
    };

    public static PaymentInstrument Checkout => PaymentInstrument.Checkout("wanjiru@example.com", "0712345678");

    public static PaymentInstrument Mpesa => PaymentInstrument.MobileMoney("0712345678");

    /// <summary>Token (valid five minutes on <paramref name="time"/>'s clock) and IPN registration, as Pesapal answers them.</summary>
    public static void StubAuth(WireMockServer server, TimeProvider? time = null, TimeSpan? tokenDelay = null)
    {
        var clock = time ?? TimeProvider.System;
        var token = server.Given(Request.Create().WithPath(TokenPath).UsingPost());
        var response = Response.Create().WithCallback(_ => new WireMock.ResponseMessage
        {
            StatusCode = 200,
            Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
            BodyData = new WireMock.Util.BodyData
            {
                BodyAsString = JsonSerializer.Serialize(new { token = TokenValue, expiryDate = clock.GetUtcNow().AddMinutes(5).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture), error = (object?)null, status = "200", message = "Request processed successfully" }),
                DetectedBodyType = WireMock.Types.BodyType.String,
            },
        });
        token.RespondWith(tokenDelay is { } d ? response.WithDelay(d) : response);
        Stub(server, RegisterIpnPath, 200, $$"""{"url":"{{IpnUrl}}","created_date":"2026-07-24T03:00:00Z","ipn_id":"{{IpnId}}","notification_type":0,"ipn_notification_type_description":"POST","ipn_status":1,"ipn_status_description":"Active","error":null,"status":"200"}""");
    }

    public static string Accepted(string reference = "park-001-1") =>
        $$"""{"order_tracking_id":"{{TrackingId}}","merchant_reference":"{{reference}}","redirect_url":"https://pay.pesapal.com/iframe/PesapalIframe3/Index?OrderTrackingId={{TrackingId}}","error":null,"status":"200"}""";

    public static string StatusBody(int code, string description, string reference = "park-001-1", string? error = null, string method = "MpesaKE") =>
        $$"""{"payment_method":"{{method}}","amount":200.5,"created_date":"2026-07-24T06:01:00.000Z","confirmation_code":"{{(code == 1 ? "SGR7LK2PQ1" : "")}}","payment_status_description":"{{description}}","description":"{{(code == 2 ? "Insufficient balance" : "")}}","message":"Request processed successfully","payment_account":"2547****5678","call_back_url":"https://county.example/paid?OrderTrackingId={{TrackingId}}","status_code":{{code}},"merchant_reference":"{{reference}}","payment_status_code":"","currency":"KES","error":{{error ?? """{"error_type":null,"code":null,"message":null,"call_back_url":null}"""}},"status":"200"}""";

    public static void Stub(WireMockServer server, string path, int status, string body, bool get = false)
    {
        var request = Request.Create().WithPath(path);
        server.Given(get ? request.UsingGet() : request.UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public static int Calls(WireMockServer server, string path) => server.LogEntries.Count(e => e.RequestMessage!.AbsolutePath == path);

    public static string LastBody(WireMockServer server, string path) => server.LogEntries.Last(e => e.RequestMessage!.AbsolutePath == path).RequestMessage!.Body!;

    public static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
