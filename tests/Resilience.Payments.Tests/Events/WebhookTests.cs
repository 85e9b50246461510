using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Tests.Events;

/// <summary>Outgoing webhooks: signed, at least once, retried on the webhook's schedule, and never carrying a phone number.</summary>
public sealed class WebhookTests : IDisposable
{
    private const string Secret = "whsec_0123456789abcdef0123456789abcdef";
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(GatewayHarness.Start);

    [Fact]
    public async Task AddWebhook_PaymentSucceeds_SignedEventsPostedInOrderWithoutThePhone()
    {
        Answer(200);
        using var sp = Services();

        await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());
        Assert.Equal(2, await Worker(sp).RunOnceAsync());

        var posts = _receiver.LogEntries.Select(e => e.RequestMessage!).ToList();
        Assert.Equal(2, posts.Count);
        foreach (var post in posts)
        {
            Assert.True(WebhookSignature.Verify(Secret, post.Headers![WebhookSignature.HeaderName].Single(), post.Body!, _time.GetUtcNow()));
            Assert.DoesNotContain("712345678", post.Body!, StringComparison.Ordinal);
        }

        using var last = JsonDocument.Parse(posts[1].Body!);
        Assert.Equal("park-001/2/0", last.RootElement.GetProperty("id").GetString());
        Assert.Equal("payment.status_changed", last.RootElement.GetProperty("type").GetString());
        var payment = last.RootElement.GetProperty("data").GetProperty("payment");
        Assert.Equal("Succeeded", payment.GetProperty("status").GetString());
        Assert.Equal("Processing", payment.GetProperty("previousStatus").GetString());
        Assert.Equal(20000, payment.GetProperty("amount").GetProperty("minorUnits").GetInt64());
        Assert.Equal("park-001/2/0", posts[1].Headers!["Resilience-Event-Id"].Single());
    }

    [Fact]
    public async Task AddWebhook_ReceiverFailsTwice_RetriedOnItsScheduleThenDelivered()
    {
        var answers = new Queue<int>([500, 503]);
        _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithCallback(_ => new WireMock.ResponseMessage
        {
            StatusCode = answers.TryDequeue(out var status) ? status : 204,
        }));
        using var sp = Services();
        await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());
        var worker = Worker(sp);

        Assert.Equal(0, await worker.RunOnceAsync());
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await worker.RunOnceAsync()); // the webhook's first delay is 30 s, not the in-process 1 s
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await worker.RunOnceAsync());
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, await worker.RunOnceAsync());

        var ids = _receiver.LogEntries.Select(e => e.RequestMessage!.Headers!["Resilience-Event-Id"].Single()).ToList();
        Assert.Equal(["park-001/1/0", "park-001/1/0", "park-001/1/0", "park-001/2/0"], ids);
    }

    [Fact]
    public async Task AddWebhook_ReceiverAlwaysFails_DeadLetteredAfterItsMaxAttempts()
    {
        Answer(500);
        using var sp = Services(o => o.MaxAttempts = 1);
        await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());

        Assert.Equal(2, await Worker(sp).RunOnceAsync());

        var dead = await ((IPaymentEventStore)sp.GetRequiredService<IPaymentStore>()).ListDeadLettersAsync(10, CancellationToken.None);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Equal("webhook:billing", d.Subscription));
        Assert.All(dead, d => Assert.Contains("500", d.LastError, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://example.org/hooks", "short", "Payments:Webhooks:billing:Url")]
    [InlineData("http://example.org/hooks", Secret, "Payments:Webhooks:billing:Url")]
    [InlineData("https://example.org/hooks", "short", "Payments:Webhooks:billing:Secret")]
    public void AddWebhook_InvalidOptions_StartFailsNamingTheField(string url, string secret, string field)
    {
        using var sp = Services(o =>
        {
            o.Url = new Uri(url);
            o.Secret = secret;
        });

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptionsMonitor<PaymentWebhookOptions>>().Get("billing"));

        Assert.Contains(error.Failures, f => f.StartsWith(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("x/y")]
    public void AddWebhook_InvalidName_ThrowsNamingTheParameter(string name)
    {
        var services = new ServiceCollection();
        var builder = services.AddPaymentGateway(_ => { });

        var error = Assert.Throws<ArgumentException>(() => builder.AddWebhook(name, _ => { }));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Verify_SignedBody_TrueOnlyForTheSameBodySecretAndFreshTimestamp()
    {
        Gen.Select(Gen.String, Gen.Int[0, 1_000_000]).Sample(
            (body, seconds) =>
            {
                var sent = GatewayHarness.Start.AddSeconds(seconds);
                var header = WebhookSignature.Compute(Secret, sent, body);
                return WebhookSignature.Verify(Secret, header, body, sent.AddMinutes(4))
                    && !WebhookSignature.Verify(Secret, header, body + " ", sent)
                    && !WebhookSignature.Verify(Secret + "x", header, body, sent)
                    && !WebhookSignature.Verify(Secret, header, body, sent.AddMinutes(6))
                    && !WebhookSignature.Verify(Secret, header.Replace("v1=", "v0=", StringComparison.Ordinal), body, sent);
            },
            seed: "0N0XIzNsQ0O2",
            threads: 1,
            iter: 200);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=abc,v1=00")]
    [InlineData("v1=00")]
    [InlineData("t=99999999999999999999,v1=00")]
    [InlineData("t=1,v1=zz")]
    public void Verify_MalformedHeader_False(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, header, "{}", GatewayHarness.Start));

    public void Dispose() => _receiver.Stop();

    private static PaymentEventDispatchWorker Worker(IServiceProvider sp) => sp.GetServices<IHostedService>().OfType<PaymentEventDispatchWorker>().Single();

    private void Answer(int status) => _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status));

    private ServiceProvider Services(Action<PaymentWebhookOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false)
            .AddProvider(new FakePaymentProvider("mpesa", timeProvider: _time))
            .AddWebhook("billing", o =>
            {
                o.Url = new Uri(_receiver.Url + "/hooks");
                o.Secret = Secret;
                configure?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }
}
