using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>Raw WireMock stubs of Daraja with exact bodies, and adapters pointed at them.</summary>
internal sealed class DarajaStub : IDisposable
{
    public const string TokenPath = "/oauth/v1/generate";
    public const string PushPath = "/mpesa/stkpush/v1/processrequest";
    public const string QueryPath = "/mpesa/stkpushquery/v1/query";

    public static readonly DateTimeOffset Start = new(2021, 6, 28, 6, 24, 8, TimeSpan.Zero); // 09:24:08 in Nairobi

    public const string Accepted = """
        {"MerchantRequestID":"2654-4b64-97ff-b827b542881d3130","CheckoutRequestID":"ws_CO_1007202409152617172396192",
         "ResponseCode":"0","ResponseDescription":"Success. Request accepted for processing","CustomerMessage":"Success. Request accepted for processing"}
        """;

    public DarajaStub(string tokenBody = """{"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":"3599"}""")
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(TokenPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(tokenBody));
    }

    public WireMockServer Server { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public Uri BaseAddress => new(Server.Urls![0] + "/");

    public int TokenRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path == TokenPath);

    public int PushRequests => Server.LogEntries.Count(e => e.RequestMessage!.Path == PushPath);

    public System.Text.Json.JsonElement PushBody() =>
        System.Text.Json.JsonDocument.Parse(Server.LogEntries.Single(e => e.RequestMessage!.Path == PushPath).RequestMessage!.Body!).RootElement;

    public void Push(int status, string body) =>
        Server.Given(Request.Create().WithPath(PushPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    public void Query(int status, string body) =>
        Server.Given(Request.Create().WithPath(QueryPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    public DarajaPaymentProvider Provider(TimeSpan? timeout = null, Action<DarajaOptions>? configure = null) =>
        DarajaTestKit.Provider(BaseAddress, Time, timeout, configure);

    public void Dispose() => Server.Dispose();
}

internal static class DarajaTestKit
{
    public const string SandboxPasskey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    /// <summary>The key the test adapters sign the CallBackURL's attempt with.</summary>
    public const string SigningKey = "test-callback-signing-key-0123456789-abcdef";

    public static DarajaOptions Options(Uri baseAddress, Action<DarajaOptions>? configure = null)
    {
        var options = new DarajaOptions
        {
            BaseAddress = baseAddress,
            ConsumerKey = "simulator-consumer-key",
            ConsumerSecret = "simulator-consumer-secret",
            BusinessShortCode = "174379",
            Passkey = SandboxPasskey,
            CallbackUrl = new Uri("https://example.org/cb"),
        };
        options.CallbackSigningKeys.Add(SigningKey);
        configure?.Invoke(options);
        return options;
    }

    public static DarajaPaymentProvider Provider(Uri baseAddress, TimeProvider time, TimeSpan? timeout = null, Action<DarajaOptions>? configure = null) =>
        new(new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) }, Microsoft.Extensions.Options.Options.Create(Options(baseAddress, configure)), time);

    public static ProviderPaymentRequest Request(decimal amount = 100, string? accountReference = "KCA123X", string? description = "Parking", string phone = "0712345678", int attempt = 1) => new()
    {
        PaymentKey = "pay-1",
        AttemptReference = $"pay-1-{attempt}",
        AttemptNumber = attempt,
        Amount = Money.Kes(amount),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse(phone)),
        AccountReference = accountReference,
        Description = description,
    };

    public static ProviderStatusRequest Status(string? checkoutRequestId, DateTimeOffset startedAt = default) => new()
    {
        PaymentKey = "pay-1",
        AttemptReference = "pay-1-1",
        ProviderReference = checkoutRequestId,
        Amount = Money.Kes(100),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse("0712345678")),
        StartedAt = startedAt,
        LastInFlightAt = startedAt,
    };

    /// <summary>A callback as the merchant's endpoint received it from the simulator over HTTP: its URL's query and its raw body.</summary>
    public static Resilience.Payments.Callbacks.PaymentCallback ToCallback(WireMock.IRequestMessage request) => new()
    {
        Body = System.Text.Encoding.UTF8.GetBytes(request.Body ?? string.Empty),
        Query = (request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
            .ToDictionary(static q => q.Key, static q => q.Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>A callback with the given body and CallBackURL query parameters.</summary>
    public static Resilience.Payments.Callbacks.PaymentCallback Callback(string body, params (string Name, string Value)[] query) => new()
    {
        Body = System.Text.Encoding.UTF8.GetBytes(body),
        Query = query.ToDictionary(static q => q.Name, static q => q.Value, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>A loopback port nothing listens on: connecting is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
