using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.Testing.Simulators;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;
using Resilience.Payments.Testing.Simulators.Pesapal;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// One adapter against its simulator, behind the real callback endpoints: <c>AddPaymentCallbacks()</c> and
/// <c>MapPaymentCallbacks("payments/callbacks")</c> on Kestrel at a loopback port, which the simulator posts its callbacks to. One
/// fake clock for the gateway, the adapter and the simulator; the in-memory store; no background workers; every payment event recorded.
/// </summary>
internal sealed class CallbackHost : IAsyncDisposable
{
    public const string DarajaSigningKey = "adversarial-callback-signing-key-0123456789";
    public const string PaystackSecret = "sk_test_adversarial_0123456789";

    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private CallbackHost(string name, FakeTimeProvider time, ProviderSimulator simulator, WebApplication app, Uri baseAddress, EventRecorder events, TestNetwork network)
    {
        Name = name;
        Time = time;
        Simulator = simulator;
        App = app;
        Events = events;
        Network = network;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The adapter's provider name, which is also its callback path segment.</summary>
    public string Name { get; }

    public FakeTimeProvider Time { get; }

    public ProviderSimulator Simulator { get; }

    public DarajaSimulator Daraja => (DarajaSimulator)Simulator;

    public AirtelMoneySimulator Airtel => (AirtelMoneySimulator)Simulator;

    public PaystackSimulator Paystack => (PaystackSimulator)Simulator;

    public PesapalSimulator Pesapal => (PesapalSimulator)Simulator;

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public EventRecorder Events { get; }

    /// <summary>The adapter's primary handler: set <see cref="TestNetwork.DropChargeReplies"/> to lose the reply to a charge.</summary>
    public TestNetwork Network { get; }

    public Microsoft.Extensions.Logging.Testing.FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public IPaymentGateway Gateway => App.Services.GetRequiredService<IPaymentGateway>();

    public InMemoryUnmatchedCallbackSink Sink => App.Services.GetRequiredService<InMemoryUnmatchedCallbackSink>();

    /// <summary>The adapter's status query requests seen by the simulator (STK query, Airtel enquiry, Pesapal GetTransactionStatus, Paystack verify).</summary>
    public int StatusQueries => Simulator.Server!.LogEntries.Count(e => IsStatusQuery(e.RequestMessage!.Method, e.RequestMessage.Path));

    /// <summary>The request bodies of every money-moving request the simulator received.</summary>
    public IReadOnlyList<string> ChargeBodies => Simulator.Server!.LogEntries
        .Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path.TrimEnd('/') == ChargePath.TrimEnd('/'))
        .Select(e => e.RequestMessage!.Body ?? string.Empty)
        .ToList();

    public string ChargePath => Name switch
    {
        ProviderUnderTest.Daraja => "/mpesa/stkpush/v1/processrequest",
        ProviderUnderTest.Airtel => "/merchant/v1/payments/",
        ProviderUnderTest.Paystack => "/charge",
        _ => "/api/Transactions/SubmitOrderRequest",
    };

    public string CallbackPath => "payments/callbacks/" + (Name == ProviderUnderTest.Daraja ? "mpesa" : Name);

    public static async Task<CallbackHost> StartAsync(string name, int seed = 11)
    {
        var time = new FakeTimeProvider(Start);
        var port = FreePort();
        var callbacks = new Uri($"http://127.0.0.1:{port}/payments/callbacks/");
        ProviderSimulator simulator;
        Action<IPaymentGatewayBuilder> add;
        string client;
        switch (name)
        {
            case ProviderUnderTest.Daraja:
                var daraja = new DarajaSimulator(seed: seed, timeProvider: time);
                simulator = daraja;
                client = DarajaGatewayBuilderExtensions.HttpClientName;
                add = b => b.AddMpesaDaraja(o =>
                {
                    o.BaseAddress = daraja.BaseAddress;
                    o.ConsumerKey = daraja.ConsumerKey;
                    o.ConsumerSecret = daraja.ConsumerSecret;
                    o.BusinessShortCode = daraja.BusinessShortCode;
                    o.Passkey = daraja.Passkey;
                    o.CallbackUrl = new Uri(callbacks, "mpesa");
                    o.CallbackSigningKeys.Add(DarajaSigningKey);
                    o.RequestTimeout = TimeSpan.FromSeconds(10);
                });
                break;
            case ProviderUnderTest.Airtel:
                var airtel = new AirtelMoneySimulator(seed: seed, timeProvider: time) { CallbackUrl = new Uri(callbacks, "airtel") };
                simulator = airtel;
                client = AirtelMoneyGatewayBuilderExtensions.HttpClientName;
                add = b => b.AddAirtelMoney(o =>
                {
                    o.BaseAddress = airtel.BaseAddress;
                    o.ClientId = airtel.ClientId;
                    o.ClientSecret = airtel.ClientSecret;
                });
                break;
            case ProviderUnderTest.Paystack:
                var paystack = new PaystackSimulator(PaystackSecret, seed, time) { CallbackUrl = new Uri(callbacks, "paystack") };
                simulator = paystack;
                client = PaystackGatewayBuilderExtensions.HttpClientName;
                add = b => b.AddPaystack(o =>
                {
                    o.BaseAddress = paystack.BaseAddress;
                    o.SecretKey = PaystackSecret;
                    o.DefaultEmail = "payer@example.org";
                    o.CallbackUrl = new Uri("https://example.org/paid");
                });
                break;
            case ProviderUnderTest.Pesapal:
                var pesapal = new PesapalSimulator(seed: seed, timeProvider: time) { AutoPay = false };
                simulator = pesapal;
                client = PesapalGatewayBuilderExtensions.HttpClientName;
                add = b => b.AddPesapal(o =>
                {
                    o.BaseAddress = pesapal.BaseAddress;
                    o.ConsumerKey = pesapal.ConsumerKey;
                    o.ConsumerSecret = pesapal.ConsumerSecret;
                    o.IpnUrl = new Uri(callbacks, "pesapal");
                    o.CallbackUrl = new Uri("https://example.org/paid");
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown provider.");
        }

        var network = new TestNetwork(name == ProviderUnderTest.Airtel ? "/merchant/v1/payments/" : name == ProviderUnderTest.Daraja ? "/mpesa/stkpush/v1/processrequest" : "/unused");
        var events = new EventRecorder();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IPaymentEventObserver>(events);
        var payments = builder.Services.AddPaymentGateway(o =>
        {
            o.EnableBackgroundWorkers = false;
            o.InstanceName = "adversarial-callbacks";
        });
        add(payments);
        payments.AddPaymentCallbacks();
        builder.Services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(network.CreatePrimaryHandler);
        var app = builder.Build();
        app.MapPaymentCallbacks("payments/callbacks");
        events.Dispatcher = app.Services.GetServices<IHostedService>().OfType<PaymentEventDispatchWorker>().Single();
        await app.StartAsync();
        return new CallbackHost(name, time, simulator, app, new Uri($"http://127.0.0.1:{port}/"), events, network);
    }

    public PaymentRequest Payment(string key, string? phone = null, decimal amount = 150m) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(amount),
        Instruments = [PaymentInstrument.MobileMoney(phone ?? (Name == ProviderUnderTest.Airtel ? "0733123456" : "0712345678"))],
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    /// <summary>Posts <paramref name="body"/> to the adapter's callback endpoint (or to <paramref name="pathAndQuery"/> when given).</summary>
    public async Task<HttpStatusCode> PostAsync(byte[] body, string? pathAndQuery = null, string? paystackSignature = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, pathAndQuery ?? CallbackPath) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (paystackSignature is not null)
        {
            message.Headers.TryAddWithoutValidation("x-paystack-signature", paystackSignature);
        }

        using var response = await Client.SendAsync(message);
        return response.StatusCode;
    }

    public Task<HttpStatusCode> PostAsync(string body, string? pathAndQuery = null, string? paystackSignature = null) =>
        PostAsync(Encoding.UTF8.GetBytes(body), pathAndQuery, paystackSignature);

    /// <summary>The CallBackURL (path and query, relative to the host) the adapter sent in the Daraja STK push at <paramref name="index"/>.</summary>
    public string DarajaCallbackPathAndQuery(int index)
    {
        var url = new Uri((string)JsonNode.Parse(ChargeBodies[index])!["CallBackURL"]!);
        return url.PathAndQuery.TrimStart('/');
    }

    /// <summary>What the payment looks like for "did anything change": status, and per attempt its reference, outcome, provider reference, receipt and mismatch.</summary>
    public static string Fingerprint(PaymentResult? payment) => payment is null
        ? "(none)"
        : payment.Status + "|" + payment.Receipt + "|" + string.Join(";", payment.Attempts.Select(a => $"{a.Reference},{a.Outcome},{a.ProviderReference},{a.Mismatch is not null}"));

    public static bool IsStatusQuery(string method, string path) =>
        (method == "POST" && path == "/mpesa/stkpushquery/v1/query")
        || (method == "GET" && path.StartsWith("/standard/v1/payments/", StringComparison.Ordinal))
        || (method == "GET" && path.TrimEnd('/') == "/api/Transactions/GetTransactionStatus")
        || (method == "GET" && path.StartsWith("/transaction/verify/", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>Every payment event the gateway raised, in order.</summary>
internal sealed class EventRecorder : IPaymentEventObserver
{
    public ConcurrentQueue<PaymentEvent> All { get; } = new();

    /// <summary>Gets or sets the dispatcher that delivers the store's outbox (status changes) before they are read.</summary>
    public PaymentEventDispatchWorker? Dispatcher { get; set; }

    public IReadOnlyList<PaymentStatusChangedEvent> StatusChanges(string key)
    {
        while (Dispatcher is not null && Dispatcher.RunOnceAsync().GetAwaiter().GetResult() > 0)
        {
        }

        return All.OfType<PaymentStatusChangedEvent>().Where(e => e.Payment.IdempotencyKey == key).ToList();
    }

    public IReadOnlyList<PaymentAmountMismatchEvent> Mismatches(string key) =>
        All.OfType<PaymentAmountMismatchEvent>().Where(e => e.Payment.IdempotencyKey == key).ToList();

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        All.Enqueue(paymentEvent);
        return ValueTask.CompletedTask;
    }
}
