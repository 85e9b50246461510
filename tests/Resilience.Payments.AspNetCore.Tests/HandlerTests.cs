using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Paystack;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>DarajaCallbackHandler and PaystackCallbackHandler on their own, and their registration by the adapters.</summary>
public sealed class HandlerTests
{
    private const string Secret = "sk_test_handler_0123";

    private static readonly PaystackCallbackHandler Paystack = new(new PaystackWebhook(Secret));

    internal static PaymentCallback Callback(string body, string? signature = null) => Callback(Encoding.UTF8.GetBytes(body), signature);

    internal static PaymentCallback Callback(byte[] body, string? signature = null) => new()
    {
        Body = body,
        Headers = signature is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Paystack-Signature"] = signature },
    };

    internal static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    internal static DarajaCallbackHandler DarajaHandler(Uri baseAddress, TimeProvider time, out DarajaPaymentProvider provider)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DarajaOptions
        {
            BaseAddress = baseAddress,
            ConsumerKey = "simulator-consumer-key",
            ConsumerSecret = "simulator-consumer-secret",
            BusinessShortCode = "174379",
            Passkey = DarajaSimulator.SandboxPasskey,
            CallbackUrl = new Uri("https://county.example/payments/callbacks/mpesa"),
            CallbackSigningKeys = { E2EFixture.DarajaSigningKey },
            RequestTimeout = TimeSpan.FromSeconds(2),
        });
        provider = new DarajaPaymentProvider(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) }, options, time);
        return new DarajaCallbackHandler(new DarajaCallbackParser(options), provider);
    }

    [Fact]
    public async Task PaystackHandler_GenuineChargeSuccess_IsAcceptedWithOneUpdate()
    {
        var body = E2EFixture.PaystackChargeSuccess("park-001-2");

        var result = await Paystack.HandleAsync(Callback(body, PaystackSimulator.Sign(body, Secret)), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        var update = Assert.Single(result.Updates);
        Assert.Equal("paystack", update.Provider);
        Assert.Equal("park-001-2", update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(["park-001-2"], result.References);
        Assert.Equal(200, result.Reply.StatusCode);
    }

    [Fact]
    public async Task PaystackHandler_GenuineChargeFailed_IsAcceptedAsDeclined()
    {
        const string body = """{"event":"charge.failed","data":{"reference":"park-001-2","status":"failed","gateway_response":"Declined"}}""";

        var result = await Paystack.HandleAsync(Callback(body, PaystackSimulator.Sign(body, Secret)), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, Assert.Single(result.Updates).Outcome.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("wrong-key")]
    [InlineData("uppercase")]
    public async Task PaystackHandler_MissingOrWrongSignature_IsUnauthorizedWithoutUpdates(string? how)
    {
        var body = E2EFixture.PaystackChargeSuccess("park-001-2");
        var signature = how switch
        {
            "not-hex" => new string('z', 128),
            "wrong-key" => PaystackSimulator.Sign(body, "sk_test_attacker"),
            "uppercase" => PaystackSimulator.Sign(body, Secret).ToUpperInvariant(),
            _ => how,
        };

        var result = await Paystack.HandleAsync(Callback(body, signature), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
        Assert.Equal(401, result.Reply.StatusCode);
        Assert.Empty(result.Updates);
    }

    [Theory]
    [InlineData("""{"event":"transfer.success","data":{"reference":"trf-1"}}""")]
    [InlineData("""{"event":"subscription.create","data":{}}""")]
    [InlineData("""{"event":"refund.processed","data":{"reference":"park-001-2"}}""")]
    public async Task PaystackHandler_SignedOtherEvent_IsIgnoredWith200(string body)
    {
        var result = await Paystack.HandleAsync(Callback(body, PaystackSimulator.Sign(body, Secret)), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Equal(200, result.Reply.StatusCode);
        Assert.Empty(result.Updates);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("""{"event":"charge.success","data":{"status":"success"}}""")]
    [InlineData("""{"data":{"reference":"park-001-2"}}""")]
    public async Task PaystackHandler_SignedMalformedBody_IsMalformedWith400(string body)
    {
        var result = await Paystack.HandleAsync(Callback(body, PaystackSimulator.Sign(body, Secret)), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Malformed, result.Verdict);
        Assert.Equal(400, result.Reply.StatusCode);
        Assert.Empty(result.Updates);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"Body":{"stkCallback":{"ResultCode":0}}}""")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1"}}}""")]
    public async Task DarajaHandler_MalformedBody_IsMalformedWithoutAnStkQuery(string body)
    {
        var time = new FakeTimeProvider(TestApp.Start);
        await using var sim = new DarajaSimulator(seed: 3, timeProvider: time);
        var handler = DarajaHandler(sim.BaseAddress, time, out var provider);
        using (provider)
        {
            var result = await handler.HandleAsync(Callback(body), CancellationToken.None);

            Assert.Equal(PaymentCallbackVerdict.Malformed, result.Verdict);
            Assert.Equal(400, result.Reply.StatusCode);
            Assert.Empty(result.Updates);
            Assert.Equal(0, sim.StkQueryRequests);
            Assert.Equal(0, sim.TokenRequests);
        }
    }

    [Fact]
    public async Task DarajaHandler_DarajaUnreachable_AcceptsWithoutUpdateAndRepliesAsDarajaExpects()
    {
        var handler = DarajaHandler(ClosedPort(), new FakeTimeProvider(TestApp.Start), out var provider);
        using (provider)
        {
            var result = await handler.HandleAsync(Callback(E2EFixture.DarajaCallback("ws_CO_191220191020363925")), CancellationToken.None);

            Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
            Assert.Empty(result.Updates); // unconfirmed: the reconciler settles it
            Assert.Equal(["ws_CO_191220191020363925"], result.References);
            Assert.Equal(200, result.Reply.StatusCode);
            Assert.Equal("""{"ResultCode":0,"ResultDesc":"Accepted"}""", result.Reply.Body);
            Assert.Equal("application/json", result.Reply.ContentType);
        }
    }

    [Fact]
    public async Task DarajaHandler_CallbackDisagreeingWithTheStkQuery_ReturnsTheQueriedOutcome()
    {
        var time = new FakeTimeProvider(TestApp.Start);
        await using var sim = new DarajaSimulator(seed: 3, timeProvider: time);
        sim.Decline("1032");
        var handler = DarajaHandler(sim.BaseAddress, time, out var provider);
        using (provider)
        {
            var pushed = await provider.InitiateAsync(
                new ProviderPaymentRequest { PaymentKey = "park-9", AttemptReference = "park-9-1", AttemptNumber = 1, Amount = Money.Kes(100m), Instrument = PaymentInstrument.MobileMoney("0712345678") },
                CancellationToken.None);
            time.Advance(sim.PayerDelay); // the payer cancels
            await sim.WhenCallbacksSentAsync();

            // A forged "success" for a prompt the payer cancelled.
            var result = await handler.HandleAsync(Callback(E2EFixture.DarajaCallback(pushed.ProviderReference!)), CancellationToken.None);

            var update = Assert.Single(result.Updates);
            Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
            Assert.Equal(OutcomeSource.StatusQuery, update.Source);
            Assert.Empty(sim.Charges);
        }
    }

    [Fact]
    public void AddMpesaDarajaAndAddPaystack_RegisterOneCallbackHandlerEach()
    {
        var services = new ServiceCollection();
        var builder = services.AddPaymentGateway(o => o.InstanceName = "test");
        Action<DarajaOptions> daraja = o =>
        {
            o.ConsumerKey = "k";
            o.ConsumerSecret = "s";
            o.BusinessShortCode = "174379";
            o.Passkey = "p";
            o.CallbackUrl = new Uri("https://county.example/payments/callbacks/mpesa");
            o.CallbackSigningKeys.Add(E2EFixture.DarajaSigningKey);
        };
        Action<PaystackOptions> paystack = o =>
        {
            o.SecretKey = Secret;
            o.DefaultEmail = "payments@county.example";
            o.CallbackUrl = new Uri("https://county.example/paid");
        };
        builder.AddMpesaDaraja(daraja).AddPaystack(paystack);
        builder.AddMpesaDaraja(daraja).AddPaystack(paystack); // twice: still one handler each

        using var provider = services.BuildServiceProvider();
        var handlers = provider.GetServices<IPaymentCallbackHandler>().ToList();

        Assert.Equal(2, handlers.Count);
        Assert.IsType<DarajaCallbackHandler>(handlers.Single(h => h.Provider == "mpesa"));
        Assert.IsType<PaystackCallbackHandler>(handlers.Single(h => h.Provider == "paystack"));
    }

    [Fact]
    public void AddPaymentCallbacks_KeepsAnAlreadyRegisteredSink()
    {
        var services = new ServiceCollection();
        var custom = new RecordingSink();
        services.AddSingleton<IUnmatchedCallbackSink>(custom);

        services.AddPaymentCallbacks();

        using var provider = services.BuildServiceProvider();
        Assert.Same(custom, provider.GetRequiredService<IUnmatchedCallbackSink>());
    }

    private sealed class RecordingSink : IUnmatchedCallbackSink
    {
        public ValueTask PublishAsync(UnmatchedCallback callback, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
