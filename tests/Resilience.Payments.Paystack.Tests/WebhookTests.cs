using System.Text;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public class WebhookTests
{
    private const string Success = """{"event":"charge.success","data":{"id":4099,"reference":"park-001-1","status":"success","amount":20000,"currency":"KES","channel":"mobile_money","gateway_response":"Approved"}}""";
    private const string Failed = """{"event":"charge.failed","data":{"id":4099,"reference":"park-001-1","status":"failed","gateway_response":"Transaction was cancelled by the payer"}}""";

    private static readonly PaystackWebhook Webhook = new(SecretKey);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void VerifySignature_ValidLowercaseHex_Verifies()
    {
        var signature = PaystackSimulator.Sign(Success, SecretKey);
        Assert.Equal(signature.ToLowerInvariant(), signature);
        Assert.True(PaystackWebhook.VerifySignature(Bytes(Success), signature, SecretKey));
    }

    [Fact]
    public void VerifySignature_OneHexDigitChanged_IsRejected()
    {
        var signature = PaystackSimulator.Sign(Success, SecretKey).ToCharArray();
        signature[17] = signature[17] == 'a' ? 'b' : 'a';
        Assert.False(PaystackWebhook.VerifySignature(Bytes(Success), new string(signature), SecretKey));
    }

    [Fact]
    public void VerifySignature_WrongKey_IsRejected() =>
        Assert.False(PaystackWebhook.VerifySignature(Bytes(Success), PaystackSimulator.Sign(Success, "sk_test_attacker"), SecretKey));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    public void VerifySignature_MissingOrShortHeader_IsRejected(string? header) =>
        Assert.False(PaystackWebhook.VerifySignature(Bytes(Success), header, SecretKey));

    [Fact]
    public void VerifySignature_UppercaseHexOfAWrongBody_IsRejected()
    {
        var forged = PaystackSimulator.Sign(Success.Replace("20000", "1", StringComparison.Ordinal), SecretKey).ToUpperInvariant();
        Assert.False(PaystackWebhook.VerifySignature(Bytes(Success), forged, SecretKey));
    }

    [Fact]
    public void VerifySignature_BodyChangedAfterSigning_IsRejected()
    {
        var signature = PaystackSimulator.Sign(Success, SecretKey);
        Assert.False(PaystackWebhook.VerifySignature(Bytes(Success.Replace("charge.success", "charge.failed", StringComparison.Ordinal)), signature, SecretKey));
    }

    [Fact]
    public void TryParse_ChargeSuccess_IsSucceededForTheAttemptReference()
    {
        Assert.True(Webhook.TryParse(Bytes(Success), out var update, out var error));
        Assert.Null(error);
        Assert.Equal("paystack", update!.Provider);
        Assert.Equal("park-001-1", update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(Money.Kes(200m), update.Outcome.Amount);
        Assert.Equal(OutcomeSource.Callback, update.Source);
    }

    [Fact]
    public void TryParse_ChargeSuccess_CarriesTheSignedAmountPayerAndTimeAndAVerifiedReference()
    {
        const string body = """{"event":"charge.success","data":{"id":4100,"reference":"park-001-1","status":"success","amount":100,"currency":"NGN","channel":"mobile_money","paid_at":"2026-07-24T03:00:09.000Z","authorization":{"mobile_money_number":"254722000111"}}}""";

        Assert.True(Webhook.TryVerifyAndParse(Bytes(body), PaystackSimulator.Sign(body, SecretKey), out var update, out _));

        Assert.True(update!.AttemptVerified); // data.reference is Paystack's own key, from a signed body
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(new Money(1m, "NGN"), update.Outcome.Amount); // the gateway compares it with the payment's KES amount
        Assert.Equal("254722000111", update.Outcome.Payer);
        Assert.Equal(new DateTimeOffset(2026, 7, 24, 3, 0, 9, TimeSpan.Zero), update.Outcome.OccurredAt);
    }

    [Fact]
    public void TryParse_ChargeSuccessWithoutAmount_IsUnknownSoNothingSettles()
    {
        const string body = """{"event":"charge.success","data":{"id":4099,"reference":"park-001-1","status":"success"}}""";
        Assert.True(Webhook.TryParse(Bytes(body), out var update, out _));
        Assert.Equal(OutcomeKind.Unknown, update!.Outcome.Kind);
        Assert.Equal("no_amount", update.Outcome.Code);
    }

    [Fact]
    public void TryParse_ChargeFailed_IsDeclinedWithGatewayResponse()
    {
        Assert.True(Webhook.TryParse(Bytes(Failed), out var update, out _));
        Assert.Equal(OutcomeKind.Declined, update!.Outcome.Kind);
        Assert.Equal("Transaction was cancelled by the payer", update.Outcome.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"event":"charge.success"}""")]
    [InlineData("""{"event":"charge.success","data":{"reference":""}}""")]
    [InlineData("""{"event":"charge.success","data":{"reference":true}}""")]
    [InlineData("""{"event":"charge.success","data":"park-001-1"}""")]
    [InlineData("""{"event":"transfer.success","data":{"reference":"park-001-1"}}""")]
    [InlineData("""{"data":{"reference":"park-001-1"}}""")]
    public void TryParse_MalformedOrForeign_IsFalseWithError(string body)
    {
        Assert.False(Webhook.TryParse(Bytes(body), out var update, out var error));
        Assert.Null(update);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryVerifyAndParse_Forged_IsFalse()
    {
        Assert.False(Webhook.TryVerifyAndParse(Bytes(Success), PaystackSimulator.Sign(Success, "sk_test_attacker"), out var update, out var error));
        Assert.Null(update);
        Assert.Contains("signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerifyAndParse_Genuine_IsTrue()
    {
        Assert.True(Webhook.TryVerifyAndParse(Bytes(Success), PaystackSimulator.Sign(Success, SecretKey), out var update, out _));
        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
    }
}
