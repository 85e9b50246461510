using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

public sealed class TokenTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task InitiateAsync_FiftyConcurrentPayments_RequestOneToken()
    {
        _stub.Collection(200, AirtelStub.Accepted);
        var provider = _stub.Provider();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => provider.InitiateAsync(Request(attempt: i), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Pending, o.Kind));
        Assert.Equal(1, _stub.TokenRequests);
        Assert.Equal(50, _stub.CollectionRequests);
        Assert.Equal(1, provider.TokenFetches);
    }

    [Fact]
    public async Task InitiateAsync_TokenNearExpiry_IsRefreshedBeforeItExpires()
    {
        _stub.Collection(200, AirtelStub.Accepted);
        var provider = _stub.Provider();

        await provider.InitiateAsync(Request(attempt: 1), CancellationToken.None);
        _stub.Time.Advance(TimeSpan.FromSeconds(149)); // 180 s token, 30 s margin: still fresh
        await provider.InitiateAsync(Request(attempt: 2), CancellationToken.None);
        Assert.Equal(1, _stub.TokenRequests);

        _stub.Time.Advance(TimeSpan.FromSeconds(2)); // 151 s: within the margin
        await provider.InitiateAsync(Request(attempt: 3), CancellationToken.None);
        Assert.Equal(2, _stub.TokenRequests);
    }

    [Fact]
    public async Task InitiateAsync_VeryShortLivedToken_IsUsedForHalfItsLife()
    {
        using var stub = new AirtelStub("""{"access_token":"short","expires_in":20,"token_type":"bearer"}""");
        stub.Collection(200, AirtelStub.Accepted);
        var provider = stub.Provider();

        await provider.InitiateAsync(Request(attempt: 1), CancellationToken.None);
        stub.Time.Advance(TimeSpan.FromSeconds(9));
        await provider.InitiateAsync(Request(attempt: 2), CancellationToken.None);
        Assert.Equal(1, stub.TokenRequests);

        stub.Time.Advance(TimeSpan.FromSeconds(2));
        await provider.InitiateAsync(Request(attempt: 3), CancellationToken.None);
        Assert.Equal(2, stub.TokenRequests);
    }

    [Fact]
    public async Task InitiateAsync_FiftyConcurrentRejectionsOfOneToken_RefreshOnce()
    {
        var provider = _stub.Provider();
        _stub.Collection(200, AirtelStub.Accepted);
        await provider.InitiateAsync(Request(attempt: 1), CancellationToken.None); // token one cached

        _stub.Server.ResetMappings();
        _stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(AirtelStub.CollectionPath).UsingPost()
                .WithHeader("Authorization", "Bearer " + AirtelStub.Token))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401));
        _stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(AirtelStub.CollectionPath).UsingPost()).AtPriority(10)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(AirtelStub.Accepted));
        _stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(AirtelStub.TokenPath).UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"access_token":"token-two","expires_in":"180","token_type":"bearer"}"""));

        var outcomes = await Task.WhenAll(Enumerable.Range(2, 50).Select(i => provider.InitiateAsync(Request(attempt: i), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Pending, o.Kind));
        Assert.Equal(2, _stub.TokenRequests);
    }
}
