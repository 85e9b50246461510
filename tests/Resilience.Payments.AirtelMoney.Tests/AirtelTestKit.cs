using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Raw WireMock stubs of the Airtel Open API with exact bodies, and adapters pointed at them.</summary>
internal sealed class AirtelStub : IDisposable
{
    public const string TokenPath = "/auth/oauth2/token";
    public const string CollectionPath = "/merchant/v1/payments/";
    public const string EnquiryPrefix = "/standard/v1/payments/";
    public const string RefundPath = "/standard/v1/payments/refund";
    public const string ClientSecret = "airtel-client-secret-0123456789";
    public const string Token = "eyJhbGciOiJSUzI1NiJ9.token-one";

    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public AirtelStub(string? tokenBody = null, int tokenStatus = 200)
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(tokenStatus).WithHeader("Content-Type", "application/json")
                .WithBody(tokenBody ?? $$"""{"access_token":"{{Token}}","expires_in":"180","token_type":"bearer"}"""));
    }

    public WireMockServer Server { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public Uri BaseAddress => new(Server.Urls![0] + "/");

    public int TokenRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path == TokenPath);

    public int CollectionRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path == CollectionPath);

    public int EnquiryRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path.StartsWith(EnquiryPrefix, StringComparison.Ordinal));

    public WireMock.Logging.ILogEntry LastCollection => Server.LogEntries.Last(e => e.RequestMessage!.Path == CollectionPath);

    public static string Answer(string resultCode, string? responseCode, bool success = false, string message = "FAILED", string id = "pay-1-1", string? transactionStatus = null)
    {
        var responsePart = responseCode is null ? string.Empty : ",\"response_code\":\"" + responseCode + "\"";
        return "{\"data\":{\"transaction\":{\"id\":\"" + id + "\",\"status\":\"" + (transactionStatus ?? (success ? "SUCCESS" : "FAILED")) + "\"}},"
            + "\"status\":{\"code\":\"200\",\"message\":\"" + message + "\",\"result_code\":\"" + resultCode + "\"" + responsePart + ",\"success\":" + (success ? "true" : "false") + "}}";
    }

    public static string EnquiryAnswer(string status, string responseCode = "DP00800001001", string id = "pay-1-1", string message = "success") =>
        $$$"""{"data":{"transaction":{"airtel_money_id":"MP210603.1234.L06941","id":"{{{id}}}","message":"{{{message}}}","status":"{{{status}}}"}},"status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"{{{responseCode}}}","success":true}}""";

    public const string Accepted = """{"data":{"transaction":{"id":"pay-1-1","status":"SUCCESS"}},"status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"DP00800001006","success":true}}""";

    public void Collection(int status, string body) =>
        Server.Given(Request.Create().WithPath(CollectionPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    public void Enquiry(int status, string body, string id = "pay-1-1") =>
        Server.Given(Request.Create().WithPath(EnquiryPrefix + id).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    public int RefundRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path == RefundPath);

    public WireMock.Logging.ILogEntry LastRefund => Server.LogEntries.Last(e => e.RequestMessage!.Path == RefundPath);

    public void Refund(int status, string body) =>
        Server.Given(Request.Create().WithPath(RefundPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    /// <summary>A refund answer: the documented shape (<c>data.transaction.{airtel_money_id,status}</c>, <c>status</c>).</summary>
    public static string RefundAnswer(string resultCode, string? responseCode = null, string? transactionStatus = "SUCCESS", int code = 200, bool success = false, string? id = null)
    {
        var transaction = new List<string> { "\"airtel_money_id\":\"MP210603.1234.L06941\"" };
        if (id is not null)
        {
            transaction.Add("\"id\":\"" + id + "\"");
        }

        if (transactionStatus is not null)
        {
            transaction.Add("\"status\":\"" + transactionStatus + "\"");
        }

        var responsePart = responseCode is null ? string.Empty : ",\"response_code\":\"" + responseCode + "\"";
        return "{\"data\":{\"transaction\":{" + string.Join(",", transaction) + "}},\"status\":{\"code\":\"" + code + "\",\"message\":\"SUCCESS\",\"result_code\":\"" + resultCode + "\"" + responsePart + ",\"success\":" + (success ? "true" : "false") + "}}";
    }

    public AirtelMoneyPaymentProvider Provider(TimeSpan? timeout = null, ILogger<AirtelMoneyPaymentProvider>? logger = null) =>
        AirtelTestKit.Provider(BaseAddress, Time, timeout, logger);

    public void Dispose() => Server.Dispose();
}

internal static class AirtelTestKit
{
    public const string AirtelNumber = "0733123456";

    public static AirtelMoneyOptions Options(Uri baseAddress, TimeSpan? timeout = null) => new()
    {
        BaseAddress = baseAddress,
        ClientId = "airtel-client-id",
        ClientSecret = AirtelStub.ClientSecret,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    public static AirtelMoneyPaymentProvider Provider(Uri baseAddress, TimeProvider time, TimeSpan? timeout = null, ILogger<AirtelMoneyPaymentProvider>? logger = null) =>
        new(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(baseAddress, timeout)), time, logger);

    public static ProviderPaymentRequest Request(string phone = AirtelNumber, decimal amount = 200, int attempt = 1, string currency = "KES") => new()
    {
        PaymentKey = "pay-1",
        AttemptReference = $"pay-1-{attempt}",
        AttemptNumber = attempt,
        Amount = new Money(amount, currency),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse(phone)),
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    public static ProviderStatusRequest Status(string reference = "pay-1-1") => new()
    {
        PaymentKey = "pay-1",
        AttemptReference = reference,
        Amount = Money.Kes(200),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse(AirtelNumber)),
    };

    public static ProviderRefundRequest Refund(string? receipt = "MP210603.1234.L06941", decimal amount = 200, decimal charged = 200, string reference = "rf-1", string currency = "KES", DateTimeOffset? sentAt = null) => new()
    {
        PaymentKey = "pay-1",
        RefundKey = "refund-1",
        RefundReference = reference,
        Amount = new Money(amount, currency),
        Reason = "Permit cancelled",
        AttemptReference = "pay-1-1",
        ChargeReceipt = receipt,
        ChargedAmount = new Money(charged, currency),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse(AirtelNumber)),
        SentAt = sentAt,
    };

    /// <summary>A loopback address nothing listens on: connecting is refused.</summary>
    public static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
