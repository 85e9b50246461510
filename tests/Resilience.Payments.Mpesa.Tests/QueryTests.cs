using Resilience.Payments.Mpesa;

namespace Resilience.Payments.Mpesa.Tests;

public sealed class QueryTests
{
    private const string CheckoutId = "ws_CO_191220191020363925";

    [Theory]
    [InlineData("0", OutcomeKind.Succeeded)]
    [InlineData("1", OutcomeKind.Declined)]
    [InlineData("2", OutcomeKind.Declined)]
    [InlineData("3", OutcomeKind.Declined)]
    [InlineData("4", OutcomeKind.Declined)]
    [InlineData("8", OutcomeKind.Declined)]
    [InlineData("17", OutcomeKind.Declined)]
    [InlineData("1019", OutcomeKind.Declined)]
    [InlineData("1025", OutcomeKind.NotProcessed)]
    [InlineData("1032", OutcomeKind.Declined)]
    [InlineData("1037", OutcomeKind.Declined)]
    [InlineData("1001", OutcomeKind.NotProcessed)]
    [InlineData("2001", OutcomeKind.Declined)]
    [InlineData("2028", OutcomeKind.NotProcessed)]
    [InlineData("8006", OutcomeKind.Declined)]
    [InlineData("9999", OutcomeKind.Unknown)]
    public async Task ResultCode_IsMappedByTheTable(string code, OutcomeKind expected)
    {
        using var stub = new DarajaStub();
        stub.Query(200, $$"""
            {"ResponseCode":"0","ResponseDescription":"The service request has been accepted successsfully","MerchantRequestID":"22205-34066-1",
             "CheckoutRequestID":"{{CheckoutId}}","ResultCode":"{{code}}","ResultDesc":"desc {{code}}"}
            """);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(CheckoutId, outcome.ProviderReference);
        if (expected == OutcomeKind.Declined)
        {
            Assert.Equal("desc " + code, outcome.Reason);
        }
    }

    [Fact]
    public void Table_HasEveryDocumentedRow()
    {
        Assert.Equal(15, DarajaResultCodes.All.Count);
        Assert.True(DarajaResultCodes.TryGet("1032", out var cancelled));
        Assert.Equal(OutcomeKind.Declined, cancelled.Kind);
        Assert.False(DarajaResultCodes.TryGet("42", out _));
    }

    [Fact]
    public async Task BeingProcessed_IsPending()
    {
        using var stub = new DarajaStub();
        stub.Query(500, $$"""{"requestId":"{{CheckoutId}}","errorCode":"500.001.1001","errorMessage":"The transaction is being processed"}""");
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(CheckoutId, outcome.ProviderReference);
    }

    [Theory]
    [InlineData(500, """{"requestId":"1","errorCode":"500.003.02","errorMessage":"Spike arrest"}""")]
    [InlineData(400, """{"requestId":"1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid CheckoutRequestID"}""")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(200, """{"something":"else"}""")]
    [InlineData(200, """{"ResponseCode":"0","ResultCode":"\uD800","ResultDesc":"\uDC00"}""")] // unreadable strings (lone surrogates)
    public async Task FailedOrUnexpectedQuery_IsUnknown_NeverNotProcessed(int status, string body)
    {
        using var stub = new DarajaStub();
        stub.Query(status, body);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task WithoutCheckoutRequestId_IsUnknown_AndNothingIsSent()
    {
        using var stub = new DarajaStub();
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(null), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Contains("CheckoutRequestID", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(stub.Server.LogEntries);
    }

    [Fact]
    public async Task ConnectionRefused_IsUnknown_ForAQuery()
    {
        var closed = new Uri($"http://127.0.0.1:{DarajaTestKit.ClosedPort()}/");
        using var provider = DarajaTestKit.Provider(closed, TimeProvider.System);

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }
}
