using System.Text;
using CsCheck;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>Properties of the ResultURL parser and the refund notices: any bytes never throw; nothing unsigned is believed.</summary>
public sealed class ReversalParserPropertyTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"Result\"", "\"ResultCode\"", "\"ResultParameters\"", "\"ResultParameter\"", "\"Key\"", "\"Value\"",
        "\"Amount\"", "0", "\"R000001\"", "1.00", "null", "true", "\"\\ud800\"", "\"TransactionStatus\"", "\"Completed\"", " ",
    ];

    private static readonly Gen<byte[]> JsonishBytes = Gen.Frequency(
        (1, Gen.Byte.Array[0, 200]),
        (3, Gen.OneOf(Fragments).Array[0, 40].Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))));

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        JsonishBytes.Sample(bytes =>
        {
            var parsed = DarajaResultParser.TryParse(bytes, out var result, out var error);
            Assert.Equal(parsed, result is not null);
            Assert.Equal(parsed, error is null);
        });
    }

    [Fact]
    public async Task HandleAsync_AnyBodyWithAGenuineToken_NeverThrowsAndNeverSucceedsWithoutCodeZero()
    {
        using var provider = ReversalKit.Provider(new Uri("http://127.0.0.1:9/"), TimeProvider.System);
        var handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider);
        var kinds = new[] { DarajaPaymentProvider.ReversalResultKind, DarajaPaymentProvider.ReversalTimeoutKind, DarajaPaymentProvider.StatusResultKind, DarajaPaymentProvider.StatusTimeoutKind };
        await Gen.Select(JsonishBytes, Gen.OneOf(kinds)).SampleAsync(async (bytes, kind) =>
        {
            var callback = ReversalKit.Notice(kind, "refund-1", bytes);
            var result = await handler.HandleAsync(callback, CancellationToken.None);
            Assert.Empty(result.Updates);
            Assert.All(result.RefundUpdates, u => Assert.Equal("refund-1", u.RefundReference));
            if (result.RefundUpdates.Any(u => u.Outcome.Kind == OutcomeKind.Succeeded))
            {
                Assert.True(DarajaResultParser.TryParse(bytes, out var parsed, out _));
                Assert.Equal("0", parsed!.ResultCode);
            }
        });
    }

    [Fact]
    public async Task HandleAsync_AnyTokenButTheSignedOne_IsUnauthorized()
    {
        using var provider = ReversalKit.Provider(new Uri("http://127.0.0.1:9/"), TimeProvider.System);
        var handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider);
        var genuine = ReversalKit.Notice(DarajaPaymentProvider.ReversalResultKind, "refund-1", Encoding.UTF8.GetBytes(ReversalSamples.Success)).Query["token"];
        await Gen.String.Where(t => t != genuine).SampleAsync(async token =>
        {
            var callback = DarajaTestKit.Callback(ReversalSamples.Success, ("refund", "refund-1"), ("kind", "reversal"), ("token", token));
            var result = await handler.HandleAsync(callback, CancellationToken.None);
            Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
            Assert.Empty(result.RefundUpdates);
        }, iter: 200);
    }
}
