using System.Net.Http;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>
/// The whole stack: PaymentGateway (DI), the real Daraja and Paystack adapters against DarajaSimulator and PaystackSimulator,
/// and MapPaymentCallbacks on a real Kestrel at a loopback port that both simulators post their callbacks to. One fake clock
/// for the gateway, the adapters and the simulators; the workers are driven by hand (RunOnceAsync).
/// </summary>
internal sealed class E2EFixture : IAsyncDisposable
{
    public const string PaystackSecret = "sk_test_e2e_0123456789";

    public const string DarajaSigningKey = "e2e-daraja-callback-signing-key-0123456789";

    private E2EFixture(FakeTimeProvider time, DarajaSimulator daraja, PaystackSimulator paystack, TestApp app)
    {
        Time = time;
        Daraja = daraja;
        Paystack = paystack;
        App = app;
    }

    public FakeTimeProvider Time { get; }

    public DarajaSimulator Daraja { get; }

    public PaystackSimulator Paystack { get; }

    public TestApp App { get; }

    public IPaymentGateway Gateway => App.Services.GetRequiredService<IPaymentGateway>();

    public InMemoryUnmatchedCallbackSink Sink => App.Services.GetRequiredService<InMemoryUnmatchedCallbackSink>();

    public PaymentGatewayOptions Options => App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

    public static async Task<E2EFixture> StartAsync(int seed = 11, Action<PaymentCallbackOptions>? callbacks = null, Action<PaymentGatewayOptions>? gateway = null)
    {
        var time = new FakeTimeProvider(TestApp.Start);
        var daraja = new DarajaSimulator(seed: seed, timeProvider: time) { NoReplyDelay = TimeSpan.FromSeconds(10) };
        var paystack = new PaystackSimulator(PaystackSecret, seed, time);
        var port = TestApp.FreePort();
        var callbackBase = $"http://127.0.0.1:{port}/payments/callbacks/";
        paystack.CallbackUrl = new Uri(callbackBase + "paystack");
        var app = await TestApp.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddPaymentGateway(o =>
                {
                    o.InstanceName = "e2e";
                    o.FailoverOrder.Add("mpesa");
                    o.FailoverOrder.Add("paystack");
                    gateway?.Invoke(o);
                })
                .AddMpesaDaraja(o =>
                {
                    o.BaseAddress = daraja.BaseAddress;
                    o.ConsumerKey = daraja.ConsumerKey;
                    o.ConsumerSecret = daraja.ConsumerSecret;
                    o.BusinessShortCode = daraja.BusinessShortCode;
                    o.Passkey = daraja.Passkey;
                    o.CallbackUrl = new Uri(callbackBase + "mpesa");
                    o.CallbackSigningKeys.Add(DarajaSigningKey);
                    o.RequestTimeout = TimeSpan.FromSeconds(3); // generous: a loaded 2-core machine must not turn a slow first call into a failover
                })
                .AddPaystack(o =>
                {
                    o.BaseAddress = paystack.BaseAddress;
                    o.SecretKey = PaystackSecret;
                    o.DefaultEmail = "payments@county.example";
                    o.CallbackUrl = new Uri("https://county.example/paid");
                    o.RequestTimeout = TimeSpan.FromSeconds(3);
                })
                .AddPaymentCallbacks();
                services.AddHealthChecks().AddPaymentGatewayCheck();
            },
            app =>
            {
                app.MapPaymentCallbacks(configure: callbacks);
                app.MapHealthChecks("/health");
            },
            port);
        return new E2EFixture(time, daraja, paystack, app);
    }

    public static PaymentRequest Request(string key, PaymentInstrument? instrument = null) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(100m),
        Instruments = [instrument ?? PaymentInstrument.MobileMoney("0712345678")],
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    public PaymentReconciliationWorker Reconciler() => new(
        App.Services.GetRequiredService<PaymentGateway>(),
        App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>(),
        Time,
        NullLogger<PaymentReconciliationWorker>.Instance);

    /// <summary>Waits (bounded, real time) until the payment reaches <paramref name="status"/>: callbacks arrive on their own threads.</summary>
    public async Task<PaymentResult> WaitForStatusAsync(string key, PaymentStatus status)
    {
        for (var i = 0; i < 500; i++)
        {
            var payment = await Gateway.GetAsync(key);
            if (payment?.Status == status)
            {
                return payment;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{key} did not become {status}: {(await Gateway.GetAsync(key))?.Status}");
    }

    /// <summary>Waits (bounded) until the Paystack simulator has recorded <paramref name="count"/> webhooks.</summary>
    public async Task WaitForWebhooksAsync(int count)
    {
        for (var i = 0; i < 500 && Paystack.Callbacks.Count < count; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(Paystack.Callbacks.Count >= count, "the Paystack webhook was not sent");
    }

    public Task<HttpResponseMessage> PostAsync(string provider, string body, string? paystackSignature = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "payments/callbacks/" + provider) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (paystackSignature is not null)
        {
            message.Headers.TryAddWithoutValidation("x-paystack-signature", paystackSignature);
        }

        return App.Client.SendAsync(message);
    }

    public Task<HttpResponseMessage> PostAsync(string provider, byte[] body, string? paystackSignature = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "payments/callbacks/" + provider) { Content = new ByteArrayContent(body) };
        if (paystackSignature is not null)
        {
            message.Headers.TryAddWithoutValidation("x-paystack-signature", paystackSignature);
        }

        return App.Client.SendAsync(message);
    }

    public static string DarajaCallback(string checkoutRequestId, int resultCode = 0, string receipt = "NLJ7RT61SV") => resultCode == 0
        ? """{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":""" + "\"" + checkoutRequestId + "\"" + ""","ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":100.00},{"Name":"MpesaReceiptNumber","Value":""" + "\"" + receipt + "\"" + """},{"Name":"Balance"},{"Name":"TransactionDate","Value":20260724061500},{"Name":"PhoneNumber","Value":254712345678}]}}}}"""
        : """{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":""" + "\"" + checkoutRequestId + "\"" + ""","ResultCode":""" + resultCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ""","ResultDesc":"Request cancelled by user"}}}""";

    public static string PaystackChargeSuccess(string reference) =>
        """{"event":"charge.success","data":{"id":4000000099,"reference":""" + "\"" + reference + "\"" + ""","status":"success","amount":10000,"currency":"KES","channel":"mobile_money","gateway_response":"Approved"}}""";

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Daraja.DisposeAsync();
        await Paystack.DisposeAsync();
    }
}
