using System.Text;
using System.Text.Json;
using Resilience.Payments.Callbacks;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

public sealed class CallbackHandlerTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public CallbackHandlerTests() => StubAuth(_server);

    public void Dispose() => _server.Stop();

    private PesapalCallbackHandler Handler(Uri? address = null) => new(Provider(address ?? new Uri(_server.Url!)));

    internal static PaymentCallback Post(string body) => new() { Method = "POST", Body = Encoding.UTF8.GetBytes(body) };

    internal static PaymentCallback Get(params (string Key, string Value)[] query) => new()
    {
        Method = "GET",
        Query = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
    };

    internal static string Ipn(string trackingId = TrackingId, string reference = "park-001-1", string type = "IPNCHANGE") =>
        $$"""{"OrderNotificationType":"{{type}}","OrderTrackingId":"{{trackingId}}","OrderMerchantReference":"{{reference}}"}""";

    private static JsonElement ReplyJson(PaymentCallbackResult result)
    {
        Assert.Equal(200, result.Reply.StatusCode);
        using var json = JsonDocument.Parse(result.Reply.Body!);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Handle_PostIpnForCompletedOrder_ConfirmsByStatusQueryAndAnswersStatus200()
    {
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED"), get: true);

        var result = await Handler().HandleAsync(Post(Ipn()), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        var update = Assert.Single(result.Updates);
        Assert.Equal("pesapal", update.Provider);
        Assert.Equal("park-001-1", update.AttemptReference);
        Assert.Equal(TrackingId, update.ProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("SGR7LK2PQ1", update.Outcome.Receipt);
        Assert.Equal(Money.Kes(200.50m), update.Outcome.Amount); // what Pesapal says was paid: the gateway checks it
        Assert.True(update.AttemptVerified); // the merchant reference comes from Pesapal's status answer
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
        Assert.Equal([TrackingId], result.References);
        Assert.Equal(1, Calls(_server, StatusPath));

        var reply = ReplyJson(result);
        Assert.Equal("IPNCHANGE", reply.GetProperty("orderNotificationType").GetString());
        Assert.Equal(TrackingId, reply.GetProperty("orderTrackingId").GetString());
        Assert.Equal("park-001-1", reply.GetProperty("orderMerchantReference").GetString());
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Handle_GetIpnWithQueryParameters_IsConfirmedTheSameWay()
    {
        Stub(_server, StatusPath, 200, StatusBody(2, "FAILED"), get: true);

        var result = await Handler().HandleAsync(Get(("OrderNotificationType", "IPNCHANGE"), ("OrderTrackingId", TrackingId), ("OrderMerchantReference", "park-001-1")), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal(200, ReplyJson(result).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Handle_OrderNotPaidYet_AcceptsWithoutUpdate()
    {
        Stub(_server, StatusPath, 200, StatusBody(0, "INVALID"), get: true);
        var result = await Handler().HandleAsync(Post(Ipn()), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(200, ReplyJson(result).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Handle_StatusQueryFails_AnswersStatus500SoPesapalRetries()
    {
        Stub(_server, StatusPath, 503, "", get: true);
        var result = await Handler().HandleAsync(Post(Ipn()), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(500, ReplyJson(result).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Handle_PesapalUnreachable_AnswersStatus500WithoutThrowing()
    {
        var result = await Handler(ClosedPort()).HandleAsync(Post(Ipn()), CancellationToken.None);
        Assert.Empty(result.Updates);
        Assert.Equal(500, ReplyJson(result).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Handle_ForgedMerchantReference_UsesTheReferencePesapalReports()
    {
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED", reference: "park-001-1"), get: true);
        var result = await Handler().HandleAsync(Post(Ipn(reference: "someone-else-1")), CancellationToken.None);
        Assert.Equal("park-001-1", Assert.Single(result.Updates).AttemptReference);
    }

    [Fact]
    public async Task Handle_StatusAnswerWithoutMerchantReference_IsNotVerified_AndFoundOnlyByTrackingId()
    {
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED").Replace("\"merchant_reference\":\"park-001-1\",", string.Empty, StringComparison.Ordinal), get: true);
        var result = await Handler().HandleAsync(Post(Ipn(reference: "victim-9-abcdefgh")), CancellationToken.None);
        var update = Assert.Single(result.Updates);
        Assert.Null(update.AttemptReference); // never the IPN's claim
        Assert.Equal(TrackingId, update.ProviderReference);
        Assert.False(update.AttemptVerified);
    }

    [Fact]
    public async Task Handle_OtherNotificationType_IsIgnoredWithoutStatusQuery()
    {
        var result = await Handler().HandleAsync(Post(Ipn(type: "RECURRING")), CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(0, Calls(_server, StatusPath));
    }

    [Theory]
    [InlineData("POST", "")]
    [InlineData("POST", "not json")]
    [InlineData("POST", "[]")]
    [InlineData("POST", """{"OrderNotificationType":"IPNCHANGE","OrderMerchantReference":"park-001-1"}""")]
    [InlineData("POST", """{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":"","OrderMerchantReference":"park-001-1"}""")]
    [InlineData("POST", """{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":{},"OrderMerchantReference":"park-001-1"}""")]
    [InlineData("GET", "")]
    [InlineData("PUT", """{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":"x","OrderMerchantReference":"y"}""")]
    public async Task Handle_Malformed_Is400WithoutStatusQuery(string method, string body)
    {
        var result = await Handler().HandleAsync(new PaymentCallback { Method = method, Body = Encoding.UTF8.GetBytes(body) }, CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Malformed, result.Verdict);
        Assert.Equal(400, result.Reply.StatusCode);
        Assert.Empty(result.Updates);
        Assert.Equal(0, Calls(_server, StatusPath));
    }
}
