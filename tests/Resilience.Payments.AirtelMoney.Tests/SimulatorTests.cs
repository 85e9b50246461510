using System.Text;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

public sealed class SimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(AirtelStub.Start);
    private readonly AirtelMoneySimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public SimulatorTests()
    {
        _sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 5, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/airtel/callback") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/airtel/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private AirtelMoneyPaymentProvider Adapter(TimeSpan? timeout = null) => Provider(_sim.BaseAddress, _time, timeout);

    private async Task<List<string>> CallbacksAsync()
    {
        await _sim.WhenCallbacksSentAsync();
        return _receiver.LogEntries.Select(e => e.RequestMessage!.Body!).ToList();
    }

    [Fact]
    public async Task Collection_PayerApprovesAfterDelay_ChargesOnceAndPostsCallback()
    {
        var adapter = Adapter();
        var outcome = await adapter.InitiateAsync(Request(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("TIP", Assert.Single(_sim.Transactions).Status);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Charges);

        _time.Advance(_sim.PayerDelay);
        var callback = Assert.Single(await CallbacksAsync());

        var charge = Assert.Single(_sim.Charges);
        Assert.Equal("pay-1-1", charge.MerchantReference);
        Assert.Equal(200m, charge.Amount);
        Assert.Equal("2547****3456", charge.PhoneNumber);
        var succeeded = await adapter.QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, succeeded.Kind);
        Assert.Equal(charge.Receipt, succeeded.Receipt);

        var handled = await new AirtelMoneyCallbackHandler(adapter).HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(callback) }, CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, Assert.Single(handled.Updates).Outcome.Kind);
    }

    [Fact]
    public async Task Collection_SameIdResent_IsRefusedWithEsb000041AndNeverChargedTwice()
    {
        var adapter = Adapter();
        await adapter.InitiateAsync(Request(), CancellationToken.None);
        var again = await adapter.InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, again.Kind);
        Assert.Equal("ESB000041", again.Code);
        Assert.Equal(1, Assert.Single(_sim.Transactions).Resends);
        _time.Advance(_sim.PayerDelay);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task Token_FiftyConcurrentCollections_OneTokenRequest_AndExpiredTokenIsRefreshed()
    {
        var adapter = Adapter();
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => adapter.InitiateAsync(Request(attempt: i), CancellationToken.None)));
        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Pending, o.Kind));
        Assert.Equal(1, _sim.TokenRequests);

        _sim.InvalidateTokens();
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(attempt: 51), CancellationToken.None)).Kind);
        Assert.Equal(2, _sim.TokenRequests);
    }

    [Fact]
    public async Task WrongSecret_TokenRefused_NotProcessedNothingCreated()
    {
        await using var other = new AirtelMoneySimulator("airtel-client-id", "another-secret", timeProvider: _time);
        Assert.Equal(OutcomeKind.NotProcessed, (await Provider(other.BaseAddress, _time).InitiateAsync(Request(), CancellationToken.None)).Kind);
        Assert.Empty(other.Transactions);
    }

    [Fact]
    public async Task Enquiry_UnknownId_IsNotProcessed()
    {
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().QueryStatusAsync(Status("never-sent-1"), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task DownThenUp_RefusesConnectionsThenServesOnTheSamePort()
    {
        var address = _sim.BaseAddress;
        _sim.Down();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Request(), CancellationToken.None)).Kind);
        _sim.Up();
        Assert.Equal(address, _sim.BaseAddress);
        Assert.Equal(OutcomeKind.Pending, (await Adapter().InitiateAsync(Request(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Fail503_IsUnknown_AndEnquiryThenFindsNothing()
    {
        var adapter = Adapter();
        await adapter.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // the token is cached before the outage
        _sim.Fail503();
        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
        _sim.ClearFaults();
        Assert.Equal(OutcomeKind.NotProcessed, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task RateLimited_Is429NotProcessed()
    {
        _sim.RateLimited();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Request(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Slow_PastTheAdapterTimeout_IsUnknown()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        await adapter.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // the token is cached before the slowdown
        _sim.Slow(TimeSpan.FromSeconds(5));
        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Fail503_OnTheTokenEndpoint_IsNotProcessedNothingSent()
    {
        _sim.Fail503();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Request(), CancellationToken.None)).Kind);
        Assert.Equal(0, _sim.CollectionRequests);
    }

    [Fact]
    public async Task ChargeThenNoReply_IsUnknown_ThenEnquiryFindsTheCharge()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        await adapter.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // the token is cached first
        _sim.ChargeThenNoReply();
        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
        _sim.ClearFaults();
        _time.Advance(_sim.PayerDelay);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task QueueThenProcess_HeldWithoutReplyAndNotFound_UntilTheQueueLetsItThrough_ThenChargedOnce()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        await adapter.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // the token is cached first
        _sim.QueueThenProcess(TimeSpan.FromSeconds(12));

        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
        Assert.Equal(1, _sim.QueuedCollections);
        Assert.Empty(_sim.Transactions);
        var raw = await adapter.QueryStatusAsync(Status(), CancellationToken.None); // no start time: the raw "not found"
        Assert.Equal(OutcomeKind.NotProcessed, raw.Kind);
        Assert.Equal("ESB000045", raw.Code);

        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(0, _sim.QueuedCollections);
        Assert.Equal("TIP", Assert.Single(_sim.Transactions).Status);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        _time.Advance(_sim.PayerDelay);
        Assert.Single(_sim.Charges);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueueThenProcess_IdUsedWhileQueued_TheLateArrivalIsRefusedAsADuplicateNotCharged()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        await adapter.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None);
        var now = _time.GetUtcNow();
        _sim.During(now, now + TimeSpan.FromSeconds(1), s => s.QueueThenProcess(TimeSpan.FromSeconds(60)));
        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind); // the same id, sent again
        _time.Advance(_sim.PayerDelay);
        _time.Advance(TimeSpan.FromSeconds(60));

        var transaction = Assert.Single(_sim.Transactions);
        Assert.Equal("TS", transaction.Status);
        Assert.Equal(1, transaction.Resends);
        Assert.Single(_sim.Charges);
        Assert.Equal(2, _sim.CollectionRequests);
    }

    [Fact]
    public void QueueThenProcess_WithoutADelay_IsRefusedNamingTheField()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _sim.QueueThenProcess(TimeSpan.Zero));
        Assert.Equal("Latency", ex.ParamName);
    }

    [Theory]
    [InlineData("DP00800001007", OutcomeKind.Declined, "TF")]
    [InlineData("DP00800001002", OutcomeKind.Declined, "TF")]
    [InlineData("DP00800001029", OutcomeKind.Declined, "TE")]
    public async Task Decline_PayerAnswerOnThePhone_EnquiryDeclinedWithTheCode(string code, OutcomeKind expected, string status)
    {
        _sim.Decline(code);
        var adapter = Adapter();
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
        _time.Advance(_sim.PayerDelay);

        var outcome = await adapter.QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
        Assert.Contains(code, outcome.Code, StringComparison.Ordinal);
        Assert.Equal(status, Assert.Single(_sim.Transactions).Status);
        Assert.Empty(_sim.Charges);
        Assert.Contains($"\"status_code\":\"{status}\"", Assert.Single(await CallbacksAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decline_ValidationCode_IsAnsweredAtOnceAndNothingCreated()
    {
        _sim.Decline("DP00800001004");
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Request(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Decline_AtARate_IsSeededAndDeterministic()
    {
        static async Task<string[]> RunAsync(int seed)
        {
            var time = new FakeTimeProvider(AirtelStub.Start);
            await using var sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed, time);
            sim.Decline("DP00800001007", rate: 0.5);
            var adapter = Provider(sim.BaseAddress, time);
            for (var i = 1; i <= 20; i++)
            {
                await adapter.InitiateAsync(Request(attempt: i), CancellationToken.None);
            }

            time.Advance(sim.PayerDelay);
            return sim.Transactions.Select(t => t.Status).ToArray();
        }

        var first = await RunAsync(11);
        Assert.Equal(first, await RunAsync(11));
        Assert.Contains("TS", first);
        Assert.Contains("TF", first);
    }

    [Fact]
    public async Task Callbacks_LostDuplicatedAndDelayed_FollowTheFaults()
    {
        var adapter = Adapter();
        _sim.LoseCallbacks();
        await adapter.InitiateAsync(Request(attempt: 1), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        Assert.Empty(await CallbacksAsync());

        _sim.ClearFaults();
        _sim.DuplicateCallbacks();
        await adapter.InitiateAsync(Request(attempt: 2), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        Assert.Equal(2, (await CallbacksAsync()).Count);

        _sim.ClearFaults();
        _sim.DelayCallbacks(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        await adapter.InitiateAsync(Request(attempt: 3), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        Assert.Equal(2, _receiver.LogEntries.Count);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, (await CallbacksAsync()).Count);
        Assert.Equal(3, _sim.Charges.Count);
    }

    [Fact]
    public async Task During_FaultsOnlyInsideTheWindow()
    {
        _sim.During(AirtelStub.Start.AddMinutes(1), AirtelStub.Start.AddMinutes(2), s => s.Fail503());
        var adapter = Adapter();
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(attempt: 1), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(OutcomeKind.Unknown, (await adapter.InitiateAsync(Request(attempt: 2), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(attempt: 3), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Collection_SafaricomMsisdnSentDirectly_IsRefusedAsInvalidMsisdn()
    {
        using var http = new System.Net.Http.HttpClient();
        var token = await http.PostAsync(new Uri(_sim.BaseAddress, "auth/oauth2/token"), new System.Net.Http.StringContent($$"""{"client_id":"airtel-client-id","client_secret":"{{AirtelStub.ClientSecret}}","grant_type":"client_credentials"}""", Encoding.UTF8, "application/json"));
        var access = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var message = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, new Uri(_sim.BaseAddress, "merchant/v1/payments/"))
        {
            Content = new System.Net.Http.StringContent("""{"reference":"x","subscriber":{"country":"KE","currency":"KES","msisdn":"712345678"},"transaction":{"amount":10,"country":"KE","currency":"KES","id":"x-1"}}""", Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("Authorization", "Bearer " + access);
        message.Headers.Add("X-Country", "KE");
        message.Headers.Add("X-Currency", "KES");
        var response = await http.SendAsync(message);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("ESB000036", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_sim.Transactions);
    }
}
