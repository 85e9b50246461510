using Resilience.Payments.Callbacks;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>The refund webhooks through the callback handler: each event, the signature first, malformed and other refund events.</summary>
public class RefundWebhookTests
{
    private static readonly PaystackCallbackHandler Handler = new(new PaystackWebhook(SecretKey));

    [Theory]
    [InlineData("refund.pending", OutcomeKind.Pending)]
    [InlineData("refund.processing", OutcomeKind.Pending)]
    [InlineData("refund.needs-attention", OutcomeKind.Pending)]
    [InlineData("refund.processed", OutcomeKind.Succeeded)]
    [InlineData("refund.failed", OutcomeKind.Declined)]
    public async Task HandleAsync_SignedRefundEvent_IsOneRefundUpdate(string @event, OutcomeKind expected)
    {
        var result = await Handler.HandleAsync(Signed(RefundWebhook(@event)), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        var update = Assert.Single(result.RefundUpdates);
        Assert.Equal("paystack", update.Provider);
        Assert.Equal("3018284", update.ProviderReference);
        Assert.Equal("park-001-1", update.ChargeProviderReference);
        Assert.Equal("rf-park-001-a", update.RefundReference);
        Assert.Equal(OutcomeSource.Callback, update.Source);
        Assert.Equal(expected, update.Outcome.Kind);
        Assert.Equal(Money.Kes(50.25m), update.Outcome.Amount); // "5025" (a string) in the subunit
        Assert.Equal(PaymentCallbackReply.Ok, result.Reply);
    }

    [Fact]
    public async Task HandleAsync_RefundEventWithoutMerchantNote_NamesTheRefundAndTheCharge()
    {
        var update = Assert.Single((await Handler.HandleAsync(Signed(RefundWebhook("refund.processed", merchantNote: null)), CancellationToken.None)).RefundUpdates);
        Assert.Null(update.RefundReference);
        Assert.Equal("3018284", update.ProviderReference);
        Assert.Equal("park-001-1", update.ChargeProviderReference);
    }

    [Fact]
    public async Task HandleAsync_ProcessedWithoutAmount_IsSucceededWithoutAmount()
    {
        var body = """{"event":"refund.processed","data":{"id":7,"transaction_reference":"park-001-1","status":"processed"}}""";
        var update = Assert.Single((await Handler.HandleAsync(Signed(body), CancellationToken.None)).RefundUpdates);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Null(update.Outcome.Amount); // the gateway then assumes the refund's own amount
    }

    [Fact]
    public async Task HandleAsync_ForgedRefundWebhook_IsUnauthorized()
    {
        var result = await Handler.HandleAsync(Signed(RefundWebhook("refund.processed"), "sk_test_attacker"), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
        Assert.Empty(result.RefundUpdates);
    }

    [Fact]
    public async Task HandleAsync_UnsignedRefundWebhook_IsUnauthorized()
    {
        var result = await Handler.HandleAsync(new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes(RefundWebhook("refund.processed")) }, CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
        Assert.Empty(result.RefundUpdates);
    }

    [Fact]
    public async Task HandleAsync_RefundBodyChangedAfterSigning_IsUnauthorized()
    {
        var genuine = Signed(RefundWebhook("refund.failed"));
        var tampered = new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes(RefundWebhook("refund.processed")), Headers = genuine.Headers };
        Assert.Equal(PaymentCallbackVerdict.Unauthorized, (await Handler.HandleAsync(tampered, CancellationToken.None)).Verdict);
    }

    [Theory]
    [InlineData("""{"event":"refund.processed"}""")]
    [InlineData("""{"event":"refund.processed","data":"x"}""")]
    public async Task HandleAsync_RefundOutcomeWithoutData_IsMalformed(string body)
    {
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Malformed, result.Verdict);
        Assert.Empty(result.RefundUpdates);
    }

    [Theory]
    [InlineData("""{"event":"refund.processed","data":{"status":"processed","amount":5025}}""")]
    [InlineData("""{"event":"refund.failed","data":{"reference":"park-001-2"}}""")]
    public async Task HandleAsync_RefundOutcomeNamingNothingToMatch_IsIgnoredWith200(string body)
    {
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Equal(200, result.Reply.StatusCode);
        Assert.Empty(result.RefundUpdates);
    }

    [Theory]
    [InlineData("refund.created")]
    [InlineData("refund.retried")]
    [InlineData("refund.")]
    public async Task HandleAsync_OtherRefundEvents_AreIgnored(string @event)
    {
        var body = $$$"""{"event":"{{{@event}}}","data":{"id":7,"transaction_reference":"park-001-1"}}""";
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Equal(PaymentCallbackReply.Ok, result.Reply);
    }

    [Fact]
    public async Task HandleAsync_ChargeEventsStillGiveChargeUpdates()
    {
        var body = """{"event":"charge.success","data":{"id":4099,"reference":"park-001-1","status":"success","amount":20000,"currency":"KES"}}""";
        var result = await Handler.HandleAsync(Signed(body), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Single(result.Updates);
        Assert.Empty(result.RefundUpdates);
    }
}
