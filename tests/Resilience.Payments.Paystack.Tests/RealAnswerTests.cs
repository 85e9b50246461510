using System.Text;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Paystack;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackRealAnswers;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>Paystack's documented answers (<see cref="PaystackRealAnswers"/>) through the adapter's real parsing paths: HTTP against WireMock, and the webhook handler.</summary>
public sealed class RealAnswerTests : IDisposable
{
    private static readonly PaystackCallbackHandler Handler = new(new PaystackWebhook(SecretKey));

    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    public static TheoryData<string, OutcomeKind, string?> ChargeAnswers => new()
    {
        { ChargeSendOtp, OutcomeKind.ActionRequired, "send_otp" },
        { ChargePending, OutcomeKind.Pending, "pending" },
        { ChargeSendPin, OutcomeKind.ActionRequired, "send_pin" },
        { ChargeOpenUrl, OutcomeKind.ActionRequired, "open_url" },
        { ChargeSendPhone, OutcomeKind.ActionRequired, "send_phone" },
        { ChargeSendBirthday, OutcomeKind.ActionRequired, "send_birthday" },
        { ChargeSendAddress, OutcomeKind.ActionRequired, "send_address" },
        { ChargeUssd, OutcomeKind.Pending, "pay_offline" },
        { MpesaPayOffline, OutcomeKind.Pending, "pay_offline" },
        { MpesaOffline, OutcomeKind.Pending, "pay_offline" },
        { MobileMoneyLate, OutcomeKind.Pending, "pending" },
    };

    [Theory]
    [MemberData(nameof(ChargeAnswers))]
    public async Task Charge_DocumentedInterimAnswer_MapsToItsClassUnderPaystacksReference(string body, OutcomeKind expected, string? code)
    {
        Stub(_server, "/charge", 200, body);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Null(outcome.Amount); // none of these reports money that moved
        Assert.NotEqual("park-001-1", outcome.ProviderReference); // data.reference, as Paystack keeps it
        if (code == "open_url")
        {
            Assert.Equal(new Uri("https://standard.paystack.co/close"), outcome.Action!.RedirectUrl);
        }
        else if (expected == OutcomeKind.ActionRequired)
        {
            Assert.Equal(PaymentActionKind.Otp, outcome.Action!.Kind);
            Assert.False(string.IsNullOrWhiteSpace(outcome.Action.Message));
        }
    }

    [Fact]
    public async Task Charge_DocumentedMpesaAnswer_CarriesTheDisplayTextForThePayer()
    {
        Stub(_server, "/charge", 200, MpesaPayOffline);

        var outcome = await Provider(_server).InitiateAsync(Charge(Mpesa), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("jq3psd5n96sprwl", outcome.ProviderReference);
        Assert.Equal("Please complete authorization process on your mobile phone", outcome.Reason);
    }

    [Theory]
    [InlineData(ChargeSuccess, "zuvbpizfcf2fs7y", "2", "NGN", "2017-05-24T05:56:12+00:00")]
    [InlineData(ChargeAuthorizationSuccess, "0m7frfnr47ezyxl", "352.47", "NGN", "2024-08-22T10:53:49+00:00")]
    [InlineData(ChargeMobileMoneySuccess, "l7lvu4y3xcka6zu", "1", "GHS", "2018-11-17T14:40:18+00:00")]
    public async Task Charge_DocumentedSuccess_ReportsTheMoneyPaystackMovedForTheGatewayToCheck(string body, string reference, string major, string currency, string time)
    {
        Stub(_server, "/charge", 200, body);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        // The attempt asked for KES 200: the outcome carries what Paystack reports, and the gateway never settles on a mismatch.
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(reference, outcome.Receipt);
        Assert.Equal(new Money(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency), outcome.Amount);
        Assert.NotEqual(Money.Kes(200m), outcome.Amount);
        Assert.Null(outcome.Payer); // a masked wallet (055XXX/X149) or a card names no payer
        Assert.Equal(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), outcome.OccurredAt);
    }

    [Fact]
    public async Task Charge_DocumentedProcessingAnswer_IsPendingWithTheAmountNotUnknown()
    {
        // Was Unknown ("Paystack answered with status 'processing'"), which counts against Paystack's circuit breaker.
        Stub(_server, "/charge", 200, ChargeAuthorizationProcessing);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("processing", outcome.Code);
        Assert.Equal("nl3eljdd6qgbrho", outcome.ProviderReference);
        Assert.Equal(new Money(100m, "NGN"), outcome.Amount);
    }

    [Theory]
    [InlineData("processing")]
    [InlineData("ongoing")]
    [InlineData("queued")]
    public async Task Charge_TransactionStillInProgress_IsPending(string status)
    {
        Stub(_server, "/charge", 200, ChargeAuthorizationProcessing.Replace("\"status\":\"processing\"", $"\"status\":\"{status}\"", StringComparison.Ordinal));

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(status, outcome.Code);
    }

    [Theory]
    [InlineData(ChargeFailedInsufficientFunds, "Insufficient funds")]
    [InlineData(ChargeFailedOtpEnrolment, "Error occured while enrolling you for OTP!")]
    public async Task Charge_DocumentedFailedAnswer_IsDeclinedWithPaystacksMessage(string body, string reason)
    {
        Stub(_server, "/charge", 200, body);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal(reason, outcome.Reason);
    }

    [Theory]
    [InlineData(400, ChargeRefused, OutcomeKind.NotProcessed)]
    [InlineData(400, InvalidKey, OutcomeKind.NotProcessed)]
    [InlineData(401, InvalidKey, OutcomeKind.NotProcessed)]
    [InlineData(400, SampleError, OutcomeKind.NotProcessed)]
    [InlineData(400, ErrorFormatStatusAsString, OutcomeKind.NotProcessed)]
    [InlineData(200, ErrorFormatStatusAsString, OutcomeKind.Unknown)] // "false" as a string on a 200 is not read as a refusal
    [InlineData(429, CloudflareRateLimited, OutcomeKind.NotProcessed)]
    [InlineData(502, CloudflareBadGateway, OutcomeKind.Unknown)]
    [InlineData(503, CloudflareBadGateway, OutcomeKind.Unknown)]
    [InlineData(524, CloudflareTimeout, OutcomeKind.Unknown)]
    [InlineData(500, """{"status":false,"message":"An error occurred"}""", OutcomeKind.Unknown)]
    [InlineData(200, CloudflareBadGateway, OutcomeKind.Unknown)]
    public async Task Charge_DocumentedErrorOrEdgePage_MapsToItsClass(int status, string body, OutcomeKind expected)
    {
        Stub(_server, "/charge", status, body);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.DoesNotContain("<html", outcome.Reason ?? string.Empty, StringComparison.OrdinalIgnoreCase); // no page is copied into a reason
    }

    [Fact]
    public async Task Initialize_DocumentedAnswer_IsARedirectToTheCheckoutUnderItsReference()
    {
        Stub(_server, "/transaction/initialize", 200, InitializeCreated);

        var outcome = await Provider(_server).InitiateAsync(Charge(PaymentInstrument.Checkout("wanjiru@example.com")), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(new Uri("https://checkout.paystack.com/3ni8kdavz62431k"), outcome.Action!.RedirectUrl);
        Assert.Equal("re4lyvq3s3", outcome.ProviderReference);
    }

    [Theory]
    [InlineData(502, CloudflareBadGateway)]
    [InlineData(524, CloudflareTimeout)]
    [InlineData(500, """{"status":false,"message":"An error occurred"}""")]
    public async Task Initialize_GatewayErrorPage_IsUnknown(int status, string body)
    {
        Stub(_server, "/transaction/initialize", status, body);

        var outcome = await Provider(_server).InitiateAsync(Charge(PaymentInstrument.Checkout("wanjiru@example.com")), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task Verify_DocumentedSuccess_ReportsTheAmountChargedNotTheAmountRequested()
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, VerifySuccess, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        // amount 40333 is what moved (the customer bore the fees); requested_amount 30050 is not read: the gateway compares the former.
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal("re4lyvq3s3", outcome.Receipt);
        Assert.Equal(new Money(403.33m, "NGN"), outcome.Amount);
        Assert.Equal(new DateTimeOffset(2024, 8, 22, 9, 15, 2, TimeSpan.Zero), outcome.OccurredAt);
    }

    [Theory]
    [InlineData("success", OutcomeKind.Succeeded)]
    [InlineData("SUCCESS", OutcomeKind.Succeeded)]
    [InlineData("failed", OutcomeKind.Declined)]
    [InlineData("reversed", OutcomeKind.Declined)]
    [InlineData("abandoned", OutcomeKind.Pending)]
    [InlineData("ongoing", OutcomeKind.Pending)]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("processing", OutcomeKind.Pending)]
    [InlineData("queued", OutcomeKind.Pending)]
    [InlineData("timeout", OutcomeKind.Unknown)] // not a documented transaction status: asked again, never failed over
    public async Task Verify_DocumentedAnswerWithEachDocumentedStatus_MapsToItsClass(string status, OutcomeKind expected)
    {
        // https://paystack.com/docs/payments/verify-payments/ ("Transaction statuses"), in the documented verify answer.
        Stub(_server, "/transaction/verify/park-001-1", 200, VerifySuccess.Replace("\"status\":\"success\"", $"\"status\":\"{status}\"", StringComparison.Ordinal), get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
    }

    [Theory]
    [InlineData(400, InvalidKey)]
    [InlineData(401, InvalidKey)]
    [InlineData(200, """{"status":true,"message":"Verification successful","data":null}""")]
    [InlineData(200, """{"status":true,"message":"Verification successful"}""")]
    [InlineData(200, """{"status":true,"message":"Verification successful","data":[]}""")]
    [InlineData(200, ErrorFormatStatusAsString)]
    [InlineData(429, CloudflareRateLimited)]
    [InlineData(502, CloudflareBadGateway)]
    [InlineData(503, CloudflareBadGateway)]
    [InlineData(524, CloudflareTimeout)]
    [InlineData(200, "")]
    public async Task Verify_AnswerSayingNothingAboutTheTransaction_IsUnknownNeverNotProcessed(int status, string body)
    {
        Stub(_server, "/transaction/verify/park-001-1", status, body, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData("\"amount\":40333", "\"amount\":\"40333\"", "NGN", "403.33")] // amount as a string of digits
    [InlineData("\"currency\":\"NGN\"", "\"currency\":\"ngn\"", "NGN", "403.33")] // lowercase currency
    [InlineData("\"amount\":40333,", "\"amount\":100,", "NGN", "1")] // another amount: reported as is, for the gateway to refuse
    [InlineData("\"currency\":\"NGN\"", "\"currency\":\"KES\"", "KES", "403.33")] // another currency: the same
    public async Task Verify_DocumentedSuccessWithOddFields_ReportsWhatPaystackSays(string field, string replacement, string currency, string major)
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, VerifySuccess.Replace(field, replacement, StringComparison.Ordinal), get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency), outcome.Amount);
    }

    [Theory]
    [InlineData(WebhookChargeSuccessKes, "T173424527684156", 100, "KES")]
    [InlineData(WebhookMobileMoneySuccess, "gf4n3ykzj6a7u89", 1, "GHS")]
    [InlineData(WebhookPesalinkSuccess, "uybxnzf71231", 10, "KES")]
    public async Task Webhook_DocumentedChargeSuccess_IsOneSucceededUpdateWithTheSignedAmount(string body, string reference, decimal major, string currency)
    {
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        var update = Assert.Single(result.Updates);
        Assert.Equal(reference, update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(new Money(major, currency), update.Outcome.Amount);
        Assert.Null(update.Outcome.Payer);
    }

    [Theory]
    [InlineData(WebhookTransferSuccess)]
    [InlineData(WebhookBankTransferRejected)]
    public async Task Webhook_DocumentedEventThatIsNotACharge_IsIgnoredAndAcknowledged(string body)
    {
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Empty(result.RefundUpdates);
    }

    [Fact]
    public async Task Webhook_DocumentedRefundProcessed_IsARefundUpdateNamingTheChargeNeverAChargeUpdate()
    {
        var result = await Handler.HandleAsync(Signed(WebhookRefundProcessed), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        var update = Assert.Single(result.RefundUpdates);
        Assert.Equal("T2154954_412829_3be32076_6lcg3", update.ChargeProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(new Money(50m, "NGN"), update.Outcome.Amount);
    }

    [Theory]
    [InlineData(WebhookRefundPending, "tvunjbbd_412829_4b18075d_c7had", OutcomeKind.Pending, "100")]
    [InlineData(WebhookRefundProcessing, "tvunjbbd_412829_4b18075d_c7had", OutcomeKind.Pending, "100")]
    [InlineData(WebhookRefundNeedsAttention, "88bfa94509eb96aa9785641c26cc57cc", OutcomeKind.Pending, "53.06")]
    [InlineData(WebhookRefundFailed, "T9171231_412325_3be2736c_n6tml", OutcomeKind.Declined, "200")]
    public async Task Webhook_DocumentedRefundEvent_IsOneRefundUpdateOfItsClass(string body, string charge, OutcomeKind expected, string amount)
    {
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        var update = Assert.Single(result.RefundUpdates);
        Assert.Equal(charge, update.ChargeProviderReference);
        Assert.Equal(expected, update.Outcome.Kind);
        Assert.Equal(new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "NGN"), update.Outcome.Amount);
    }

    [Fact]
    public async Task Refund_DocumentedQueuedAnswer_IsPendingUnderTheRefundsId()
    {
        Stub(_server, "/refund", 200, RefundQueued);

        var outcome = await Provider(_server).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("3018284", outcome.ProviderReference);
        Assert.Equal(new Money(100m, "NGN"), outcome.Amount);
    }

    [Fact]
    public async Task Refund_DocumentedFetchAnswer_IsSucceededWithTheAmountRefunded()
    {
        Stub(_server, "/refund/1", 200, RefundRetrievedProcessed, get: true);

        var outcome = await Provider(_server).QueryRefundAsync(Refund(refundId: "1"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(5000m, "NGN"), outcome.Amount); // not the KES 50.25 asked for: the gateway refuses the mismatch
    }

    [Theory]
    [InlineData(502, CloudflareBadGateway, OutcomeKind.Unknown)]
    [InlineData(524, CloudflareTimeout, OutcomeKind.Unknown)]
    [InlineData(429, CloudflareRateLimited, OutcomeKind.NotProcessed)]
    [InlineData(401, InvalidKey, OutcomeKind.NotProcessed)]
    public async Task Refund_EdgePageOrRefusal_MapsToItsClass(int status, string body, OutcomeKind expected)
    {
        Stub(_server, "/refund", status, body);

        var outcome = await Provider(_server).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task Webhook_DocumentedBodySignedAsSent_VerifiesButReformattedIsUnauthorized()
    {
        // Paystack signs the bytes it sends; a proxy or framework that re-serialises the body (whitespace, key order) breaks the signature.
        var signature = PaystackSimulator.Sign(WebhookChargeSuccessKes, SecretKey);
        var compact = System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(WebhookChargeSuccessKes).RootElement);

        Assert.True(PaystackWebhook.VerifySignature(Encoding.UTF8.GetBytes(WebhookChargeSuccessKes), signature, SecretKey));
        var reformatted = await Handler.HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(compact), Headers = new Dictionary<string, string> { ["x-paystack-signature"] = signature } }, CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Unauthorized, reformatted.Verdict);
        Assert.Empty(reformatted.Updates);
    }

    [Fact]
    public async Task Webhook_SignatureInUppercaseHex_IsUnauthorized()
    {
        // Paystack sends lowercase hex (its documented check is crypto.createHmac('sha512', secret).update(body).digest('hex')).
        var callback = Signed(WebhookChargeSuccessKes);
        var upper = new PaymentCallback { Body = callback.Body, Headers = new Dictionary<string, string> { ["x-paystack-signature"] = callback.Headers["x-paystack-signature"].ToUpperInvariant() } };

        var result = await Handler.HandleAsync(upper, CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
    }

    [Fact]
    public async Task Webhook_DocumentedBodyWithoutSignatureHeader_IsUnauthorized()
    {
        var result = await Handler.HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(WebhookChargeSuccessKes), Headers = new Dictionary<string, string>() }, CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
        Assert.Empty(result.Updates);
    }

    [Fact]
    public async Task Webhook_ReplayedChargeSuccess_GivesTheSameUpdateEachTime()
    {
        // A replay is genuine (same bytes, same signature): the handler reads it again the same way; the ledger applies it once.
        var first = await Handler.HandleAsync(Signed(WebhookChargeSuccessKes), CancellationToken.None);
        var again = await Handler.HandleAsync(Signed(WebhookChargeSuccessKes), CancellationToken.None);

        Assert.Equal(Assert.Single(first.Updates), Assert.Single(again.Updates));
    }
}
