using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Paystack.Internal;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>Properties of the refund readers and the refund code table: any bytes never throw; some classes are never reached.</summary>
public class RefundPropertyTests
{
    private static readonly string[] Statuses = ["pending", "processing", "needs-attention", "processed", "failed", "reversed", "", "PROCESSED"];

    private static readonly string[] Messages =
        ["Transaction has been fully reversed", "Refund amount cannot be more than the unrefunded transaction amount", "Transaction not found", "Invalid key", "Refund has been queued for processing", "An error occurred"];

    private static readonly PaystackCallbackHandler Handler = new(new PaystackWebhook(SecretKey));

    private static Gen<string> Pick(string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    /// <summary>Refund-shaped bodies (objects, arrays, wrong types) and arbitrary strings.</summary>
    private static Gen<string> Bodies => Gen.OneOf(
        Gen.String,
        Gen.Const(string.Empty),
        Gen.Select(Gen.Bool, Pick(Messages), Pick(Statuses), Gen.Long[-1, 10_000_000], Gen.Int[0, 3]).Select((ok, message, status, amount, shape) => shape switch
        {
            0 => JsonSerializer.Serialize(new { status = ok, message, data = new { id = amount, status, amount, currency = "KES", transaction = new { id = 4099, reference = "park-001-1" } } }),
            1 => JsonSerializer.Serialize(new { status = ok, message, data = new[] { new { id = amount, status, amount = amount.ToString(System.Globalization.CultureInfo.InvariantCulture), merchant_note = message } } }),
            2 => JsonSerializer.Serialize(new { status = ok, message, data = new { id = "x", status = 3, amount = "1.5", transaction = "abc", merchant_note = 7 } }),
            _ => JsonSerializer.Serialize(new { @event = "refund." + status, data = new { id = amount, transaction_reference = message, amount, currency = "KES" } }),
        }));

    [Fact]
    public void RandomBytes_NeverThrow_InTheReaderOrTheHandler() =>
        Gen.Select(Gen.Byte.Array[0, 512], Gen.Bool).Sample((body, sign) =>
        {
            var answer = PaystackJson.TryRead(body);
            if (answer is not null)
            {
                _ = PaystackRefundWebhook.TryParse(answer, "paystack", out _, out _);
            }

            var callback = new PaymentCallback
            {
                Body = body,
                Headers = sign ? new Dictionary<string, string> { ["x-paystack-signature"] = Testing.Simulators.Paystack.PaystackSimulator.Sign(Encoding.UTF8.GetString(body), SecretKey) } : new Dictionary<string, string>(),
            };
            var result = Handler.HandleAsync(callback, CancellationToken.None).GetAwaiter().GetResult();
            return sign || result.Verdict == PaymentCallbackVerdict.Unauthorized;
        }, iter: 2000);

    [Fact]
    public void SignedRefundShapes_NeverThrow_AndAreAcceptedOnlyWithAnIdentifier() =>
        Bodies.Sample(body =>
        {
            var result = Handler.HandleAsync(Signed(body), CancellationToken.None).GetAwaiter().GetResult();
            return result.RefundUpdates.All(u => u.ProviderReference is not null || u.ChargeProviderReference is not null || u.RefundReference is not null)
                && (result.Verdict == PaymentCallbackVerdict.Accepted) == (result.Updates.Count + result.RefundUpdates.Count > 0);
        }, iter: 2000);

    [Fact]
    public void CreateAnswers_NeverThrow_And5xxIsNeverNotProcessedNorDeclined() =>
        Gen.Select(Gen.Int[100, 599], Bodies).Sample((status, body) =>
        {
            var outcome = PaystackRefundOutcomes.FromCreate((HttpStatusCode)status, PaystackJson.TryRead(Encoding.UTF8.GetBytes(body)));
            var safe5xx = status < 500 || outcome.Kind == OutcomeKind.Unknown;
            var successOnlyIfProcessed = outcome.Kind != OutcomeKind.Succeeded || body.Contains("processed", StringComparison.OrdinalIgnoreCase);
            var refusalsNameNoRefund = outcome.Kind != OutcomeKind.NotProcessed || outcome.ProviderReference is null;
            return safe5xx && successOnlyIfProcessed && refusalsNameNoRefund;
        }, iter: 3000);

    [Fact]
    public void FetchAndListAnswers_NeverThrow_NotFoundOnlyWhenConclusive() =>
        Gen.Select(Gen.Int[100, 599], Bodies, Gen.Bool).Sample((status, body, conclusive) =>
        {
            var answer = PaystackJson.TryRead(Encoding.UTF8.GetBytes(body));
            var fetched = PaystackRefundOutcomes.FromFetch((HttpStatusCode)status, answer, "3018284");
            var listed = PaystackRefundOutcomes.FromList((HttpStatusCode)status, answer, "rf-park-001-a", Money.Kes(50.25m), conclusive, Start);
            return fetched.Kind != OutcomeKind.NotProcessed && (conclusive || listed.Kind != OutcomeKind.NotProcessed);
        }, iter: 3000);
}
