using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

public sealed class TokenAndIpnRegistrationTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Initiate_FiftyConcurrentPayments_RequestOneTokenAndRegisterTheIpnOnce()
    {
        StubAuth(_server, _time, tokenDelay: TimeSpan.FromMilliseconds(200));
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(_server, time: _time);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => provider.InitiateAsync(Order(reference: $"park-{i}-1"), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.ActionRequired, o.Kind));
        Assert.Equal(1, Calls(_server, TokenPath));
        Assert.Equal(1, Calls(_server, RegisterIpnPath));
        Assert.Equal(50, Calls(_server, SubmitPath));
        Assert.Equal(1, provider.TokenRequests);
        Assert.Equal(1, provider.IpnRegistrations);
    }

    [Fact]
    public async Task Initiate_TokenNearItsExpiryDate_IsRefreshedOnce()
    {
        StubAuth(_server, _time);
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(_server, time: _time);

        await provider.InitiateAsync(Order(reference: "a-1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4)); // still more than 30 s before expiry
        await provider.InitiateAsync(Order(reference: "a-2"), CancellationToken.None);
        Assert.Equal(1, Calls(_server, TokenPath));

        _time.Advance(TimeSpan.FromSeconds(40)); // within 30 s of expiry
        await provider.InitiateAsync(Order(reference: "a-3"), CancellationToken.None);
        await provider.InitiateAsync(Order(reference: "a-4"), CancellationToken.None);
        Assert.Equal(2, Calls(_server, TokenPath));
        Assert.Equal(1, Calls(_server, RegisterIpnPath));
    }

    [Fact]
    public async Task Initiate_Http401_RefreshesTheTokenOnceAndRetriesOnce()
    {
        StubAuth(_server, _time);
        var submits = 0;
        _server.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref submits) == 1
                ? new WireMock.ResponseMessage { StatusCode = 401 }
                : new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = Accepted(), DetectedBodyType = WireMock.Types.BodyType.String } }));
        using var provider = Provider(_server, time: _time);

        var outcome = await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(2, Calls(_server, TokenPath));
        Assert.Equal(2, Calls(_server, SubmitPath));
    }

    [Fact]
    public async Task Initiate_Http401Twice_IsNotProcessedAfterExactlyOneRetry()
    {
        StubAuth(_server, _time);
        Stub(_server, SubmitPath, 401, "");
        using var provider = Provider(_server, time: _time);

        var outcome = await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("401", outcome.Code);
        Assert.Equal(2, Calls(_server, TokenPath));
        Assert.Equal(2, Calls(_server, SubmitPath));
    }

    [Fact]
    public async Task Status_Http401_RefreshesTheTokenOnceAndRetriesOnce()
    {
        StubAuth(_server, _time);
        var queries = 0;
        _server.Given(Request.Create().WithPath(StatusPath).UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref queries) == 1
                ? new WireMock.ResponseMessage { StatusCode = 401 }
                : new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = StatusBody(1, "COMPLETED"), DetectedBodyType = WireMock.Types.BodyType.String } }));
        using var provider = Provider(_server, time: _time);

        Assert.Equal(OutcomeKind.Succeeded, (await provider.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        Assert.Equal(2, Calls(_server, TokenPath));
    }

    [Theory]
    [InlineData(200, """{"token":null,"expiryDate":"0001-01-01T00:00:00","error":{"error_type":"api_error","code":"invalid_consumer_key_or_secret_provided","message":""},"status":"500","message":"error"}""")]
    [InlineData(500, "")]
    [InlineData(401, """{"error":{"code":"unauthorized","message":"Unauthorized"}}""")]
    public async Task Initiate_TokenRefused_IsNotProcessedAndTheOrderIsNotSent(int status, string body)
    {
        Stub(_server, TokenPath, status, body);
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(_server, time: _time);

        var outcome = await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("no_token", outcome.Code);
        Assert.DoesNotContain(ConsumerSecret, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Calls(_server, SubmitPath));
    }

    [Fact]
    public async Task Initiate_TokenAndIpnAnswersWithAnErrorObjectWhoseFieldsAreAllNull_AreNotErrors()
    {
        const string nullError = """{"error_type":null,"code":null,"message":null,"call_back_url":null}""";
        var expiry = Start.AddMinutes(5).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        Stub(_server, TokenPath, 200, $$$"""{"token":"{{{TokenValue}}}","expiryDate":"{{{expiry}}}","error":{{{nullError}}},"status":"200","message":"Request processed successfully"}""");
        Stub(_server, RegisterIpnPath, 200, $$$"""{"url":"{{{IpnUrl}}}","ipn_id":"{{{IpnId}}}","ipn_status":1,"error":{{{nullError}}},"status":"200"}""");
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(_server, time: _time);

        var outcome = await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(1, Calls(_server, SubmitPath));
    }

    [Fact]
    public async Task Status_TokenRefused_IsUnknown()
    {
        Stub(_server, TokenPath, 500, "");
        using var provider = Provider(_server, time: _time);
        var outcome = await provider.QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_token", outcome.Code);
    }

    [Fact]
    public async Task Initiate_ConfiguredNotificationId_IsUsedAsIsWithoutRegistering()
    {
        StubAuth(_server, _time);
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(new Uri(_server.Url!), time: _time, notificationId: "preregistered-ipn-id");

        await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(0, Calls(_server, RegisterIpnPath));
        using var json = JsonDocument.Parse(LastBody(_server, SubmitPath));
        Assert.Equal("preregistered-ipn-id", json.RootElement.GetProperty("notification_id").GetString());
    }

    [Fact]
    public async Task Initiate_IpnRegistrationFails_IsNotProcessedAndIsRetriedOnTheNextOrder()
    {
        StubAuth(_server, _time);
        var registrations = 0;
        _server.Given(Request.Create().WithPath(RegisterIpnPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref registrations) == 1
                ? new WireMock.ResponseMessage { StatusCode = 500 }
                : new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = $$"""{"ipn_id":"{{IpnId}}","status":"200","error":null}""", DetectedBodyType = WireMock.Types.BodyType.String } }));
        Stub(_server, SubmitPath, 200, Accepted());
        using var provider = Provider(_server, time: _time);

        var first = await provider.InitiateAsync(Order(reference: "a-1"), CancellationToken.None);
        var second = await provider.InitiateAsync(Order(reference: "a-2"), CancellationToken.None);
        var third = await provider.InitiateAsync(Order(reference: "a-3"), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, first.Kind);
        Assert.Equal("ipn_registration_failed", first.Code);
        Assert.Equal(OutcomeKind.ActionRequired, second.Kind);
        Assert.Equal(OutcomeKind.ActionRequired, third.Kind);
        Assert.Equal(2, Calls(_server, RegisterIpnPath));
        Assert.Equal(2, Calls(_server, SubmitPath));
    }

    [Fact]
    public async Task Initiate_GetIpnMethod_RegistersAsGet()
    {
        StubAuth(_server, _time);
        Stub(_server, SubmitPath, 200, Accepted());
        var options = Options(new Uri(_server.Url!));
        options.IpnMethod = PesapalIpnMethod.Get;
        using var provider = new PesapalPaymentProvider(new System.Net.Http.HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);

        await provider.InitiateAsync(Order(), CancellationToken.None);

        using var json = JsonDocument.Parse(LastBody(_server, RegisterIpnPath));
        Assert.Equal("GET", json.RootElement.GetProperty("ipn_notification_type").GetString());
    }
}
