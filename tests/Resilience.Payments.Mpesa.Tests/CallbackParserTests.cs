using System.Text;
using CsCheck;

namespace Resilience.Payments.Mpesa.Tests;

public sealed class CallbackParserTests
{
    public const string Success = """
        {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
         "ResultCode":0,"ResultDesc":"The service request is processed successfully.",
         "CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
         {"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}
        """;

    public const string Cancelled = """
        {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
         "ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}
        """;

    private readonly DarajaCallbackParser _parser = new("mpesa");

    [Fact]
    public void Success_IsSucceeded_WithTheReceipt()
    {
        Assert.True(_parser.TryParse(Success, out var update, out var error), error);
        Assert.Equal("mpesa", update!.Provider);
        Assert.Equal("ws_CO_191220191020363925", update.ProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("NLJ7RT61SV", update.Outcome.Receipt);
        Assert.Equal(OutcomeSource.Callback, update.Source);
    }

    [Fact]
    public void Success_ReadsTheMetadata_AmountPayerAndNairobiTime()
    {
        Assert.True(_parser.TryParse(Success, out var update, out var error), error);

        Assert.Equal(Money.Kes(1), update!.Outcome.Amount);
        Assert.Equal("254708374149", update.Outcome.Payer);
        Assert.Equal(new DateTimeOffset(2019, 12, 19, 10, 21, 15, TimeSpan.FromHours(3)), update.Outcome.OccurredAt); // TransactionDate is Nairobi time
        Assert.Null(update.AttemptReference); // a body never names the attempt: only a signed CallBackURL does
        Assert.False(update.AttemptVerified);
    }

    [Fact]
    public void Success_WithStringValuesAndTrailingCommas_IsReadAlike()
    {
        const string body = """
            {"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":"0","ResultDesc":"ok",
             "CallbackMetadata":{"Item":[{"Name":"Amount","Value":"100"},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
             {"Name":"TransactionDate","Value":"20191219102115"},{"Name":"PhoneNumber","Value":"254708374149"},],},},},}
            """;
        Assert.True(_parser.TryParse(body, out var update, out var error), error);

        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
        Assert.Equal("0", update.Outcome.Code);
        Assert.Equal(Money.Kes(100), update.Outcome.Amount);
        Assert.Equal("254708374149", update.Outcome.Payer);
        Assert.Equal(new DateTimeOffset(2019, 12, 19, 7, 21, 15, TimeSpan.Zero), update.Outcome.OccurredAt);
    }

    [Fact]
    public void StringResultCode_SFC_IC0003_IsNotProcessed()
    {
        // Sent as a string in a real callback: https://github.com/SmoDav/mpesa/issues/50
        var body = Cancelled.Replace("1032", "\"SFC_IC0003\"", StringComparison.Ordinal).Replace("Request cancelled by user", "The operator does not exist.", StringComparison.Ordinal);

        Assert.True(_parser.TryParse(body, out var update, out var error), error);
        Assert.Equal(OutcomeKind.NotProcessed, update!.Outcome.Kind);
        Assert.Equal("SFC_IC0003", update.Outcome.Code);
    }

    [Theory]
    [InlineData("4242")]
    [InlineData("\"4242\"")]
    [InlineData("\"TXN_IN_PROGRESS\"")]
    public void UnknownResultCode_IsUnknown_NeverDeclined(string code)
    {
        Assert.True(_parser.TryParse(Cancelled.Replace("1032", code, StringComparison.Ordinal), out var update, out _));
        Assert.Equal(OutcomeKind.Unknown, update!.Outcome.Kind);
    }

    [Fact]
    public void Success_AsUtf8Bytes_IsParsedToo()
    {
        Assert.True(_parser.TryParse(Encoding.UTF8.GetBytes(Success), out var update, out _));
        Assert.Equal("NLJ7RT61SV", update!.Outcome.Receipt);
    }

    [Fact]
    public void Failure_WithoutMetadata_IsDeclined_WithTheCode()
    {
        Assert.True(_parser.TryParse(Cancelled, out var update, out var error), error);
        Assert.Equal(OutcomeKind.Declined, update!.Outcome.Kind);
        Assert.Equal("1032", update.Outcome.Code);
        Assert.Equal("Request cancelled by user", update.Outcome.Reason);
        Assert.Null(update.Outcome.Receipt);
    }

    [Fact]
    public void ItemsWithoutValue_AreTolerated()
    {
        const string body = """
            {"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":0,"ResultDesc":"ok",
             "CallbackMetadata":{"Item":[{"Name":"Amount"},{"Name":"MpesaReceiptNumber"},{"Name":"Balance"}]}}}}
            """;
        Assert.True(_parser.TryParse(body, out var update, out _));
        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
        Assert.Null(update.Outcome.Receipt);
    }

    [Fact]
    public void NotProcessedCode_InACallback_IsNotProcessed()
    {
        Assert.True(_parser.TryParse(Cancelled.Replace("1032", "1025", StringComparison.Ordinal), out var update, out _));
        Assert.Equal(OutcomeKind.NotProcessed, update!.Outcome.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"Body":{}}""")]
    [InlineData("""{"Body":{"stkCallback":{"ResultCode":0}}}""")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1"}}}""")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":null}}}""")]
    [InlineData("""{"Body":{"stkCallback":"x"}}""")]
    public void Malformed_ReturnsFalse_WithAnError(string body)
    {
        Assert.False(_parser.TryParse(body, out var update, out var error));
        Assert.Null(update);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Null_ReturnsFalse() => Assert.False(_parser.TryParse((string?)null, out _, out _));

    [Fact]
    public void RandomAndMutatedBodies_NeverThrow()
    {
        var seeds = new[] { Success, Cancelled };
        var mutated = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 400], Gen.Int[0, 20], Gen.String)
            .Select((which, at, cut, insert) =>
            {
                var source = seeds[which];
                var position = Math.Min(at, source.Length);
                var end = Math.Min(source.Length, position + cut);
                return string.Concat(source.AsSpan(0, position), insert, source.AsSpan(end));
            });
        var bytes = Gen.Byte.Array[0, 300];

        mutated.Sample(body =>
        {
            var ok = _parser.TryParse(body, out var update, out var error);
            Assert.True(ok ? update is not null && error is null : update is null && error is not null);
        }, iter: 5000, seed: "0000VVUuaJi6");
        bytes.Sample(body =>
        {
            var ok = _parser.TryParse(body, out var update, out _);
            Assert.Equal(ok, update is not null);
        }, iter: 5000, seed: "0000VVUuaJi6");
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC5, 0x22, 0x3A, 0x31, 0x7D })] // {"\xC5":1}: not UTF-8
    [InlineData(new byte[] { 0x22, 0xC5, 0x22 })]
    public void InvalidUtf8_IsRejected_NotThrown(byte[] body)
    {
        Assert.False(new DarajaCallbackParser("mpesa").TryParse(body, out var update, out var error));
        Assert.Null(update);
        Assert.NotNull(error);
    }

    [Fact]
    public void LoneSurrogateEscapeInAField_IsRejected_NotThrown()
    {
        var body = Success.Replace("ws_CO_191220191020363925", "ws_CO_\\udc00", StringComparison.Ordinal);

        Assert.False(new DarajaCallbackParser("mpesa").TryParse(body, out var update, out var error));
        Assert.Null(update);
        Assert.NotNull(error);
    }
}
