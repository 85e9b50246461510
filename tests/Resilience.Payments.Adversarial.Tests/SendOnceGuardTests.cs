using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Payments.Http;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>The send-once guard at the bottom of every provider client, against re-sending handlers the library cannot recognise.</summary>
public sealed class SendOnceGuardTests : IDisposable
{
    private readonly ProbeClient _probe = new();

    public void Dispose() => _probe.Dispose();

    [Fact]
    public async Task SendAsync_MarkedRequestThroughARetryingHandler_ReachesTheWireOnce()
    {
        await using var services = _probe.Services(static (_, client) => client.AddHttpMessageHandler(static () => new NaiveRetryHandler(retries: 3))).BuildServiceProvider();
        var http = services.GetRequiredService<ProbeClient.ProbeProvider>().Http;

        using var charge = ProbeClient.Charge();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(charge));

        Assert.Equal(1, _probe.Requests(ProbeClient.ChargePath));
        Assert.False(HttpFailures.FailedBeforeSending(error)); // adapters read it as "may have been sent": Unknown, never failed over
        Assert.Contains("second time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UnmarkedStatusQueryThroughARetryingHandler_IsRetried()
    {
        await using var services = _probe.Services(static (_, client) => client.AddHttpMessageHandler(static () => new NaiveRetryHandler(retries: 3))).BuildServiceProvider();
        var http = services.GetRequiredService<ProbeClient.ProbeProvider>().Http;

        using var response = await http.GetAsync(ProbeClient.StatusPath.TrimStart('/'));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, _probe.Requests(ProbeClient.StatusPath));
    }

    [Theory]
    [InlineData(true)] // a hedging-style copy: new message, same options (the mark) and body
    [InlineData(false)] // a copy that dropped the options but kept the body
    public async Task SendAsync_CopyOfAMarkedRequest_IsRefused(bool copyOptions)
    {
        await using var services = _probe.Services((_, client) => client.AddHttpMessageHandler(() => new CloningRetryHandler(copyOptions))).BuildServiceProvider();
        var http = services.GetRequiredService<ProbeClient.ProbeProvider>().Http;

        using var charge = ProbeClient.Charge();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(charge));

        Assert.Equal(1, _probe.Requests(ProbeClient.ChargePath));
        Assert.False(HttpFailures.FailedBeforeSending(error));
    }

    [Fact]
    public async Task SendAsync_TwoMarkedRequests_EachReachesTheWireOnce()
    {
        await using var services = _probe.Services().BuildServiceProvider();
        var http = services.GetRequiredService<ProbeClient.ProbeProvider>().Http;

        using var first = ProbeClient.Charge();
        using var second = ProbeClient.Charge(); // the adapter's own, deliberate second request (after a rejected token): a new mark
        (await http.SendAsync(first)).Dispose();
        (await http.SendAsync(second)).Dispose();

        Assert.Equal(2, _probe.Requests(ProbeClient.ChargePath));
    }

    [Fact]
    public void Mark_MoneyMovingOrNot_MarksOnlyMoneyMovingRequests()
    {
        using var query = new HttpRequestMessage(HttpMethod.Post, "https://example.org/query");
        using var charge = new HttpRequestMessage(HttpMethod.Post, "https://example.org/charge");

        SendOnce.Mark(query, moneyMoving: false);
        SendOnce.Mark(charge);

        Assert.False(SendOnce.IsMarked(query));
        Assert.True(SendOnce.IsMarked(charge));
    }
}
