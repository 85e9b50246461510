using System.Diagnostics.Metrics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>Every rule of MapPaymentCallbacks, through a real Kestrel on loopback, with a real gateway over a fake provider.</summary>
public sealed class CallbackEndpointTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(TestApp.Start);
    private readonly FakePaymentProvider _fake;
    private readonly ScriptedHandler _handler = new("fake");
    private readonly ScriptedHandler _other = new("other");
    private TestApp? _app;

    public CallbackEndpointTests()
    {
        _fake = new FakePaymentProvider("fake", timeProvider: _time);
        _fake.Otherwise(FakeBehavior.Accept());
    }

    private TestApp App => _app ?? throw new InvalidOperationException("not started");

    private IPaymentGateway Gateway => App.Services.GetRequiredService<IPaymentGateway>();

    private InMemoryUnmatchedCallbackSink Sink => App.Services.GetRequiredService<InMemoryUnmatchedCallbackSink>();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task StartAsync(Action<PaymentCallbackOptions>? configure = null, string prefix = "/payments/callbacks", bool addCallbacks = true)
    {
        _app = await TestApp.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                var builder = services.AddPaymentGateway(o => o.InstanceName = "test").AddProvider(_fake);
                if (addCallbacks)
                {
                    builder.AddPaymentCallbacks();
                }

                services.AddSingleton<IPaymentCallbackHandler>(_handler);
                services.AddSingleton<IPaymentCallbackHandler>(_other);
            },
            app => app.MapPaymentCallbacks(prefix, configure));
    }

    private async Task<PaymentResult> PendingPaymentAsync(string key = "park-001")
    {
        var result = await Gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = key,
            Amount = Money.Kes(100m),
            Instruments = [PaymentInstrument.MobileMoney("0712345678")],
        });
        Assert.Equal(PaymentStatus.Pending, result.Status);
        return result;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body = """{"any":"thing"}""", Action<HttpRequestMessage>? configure = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        configure?.Invoke(message);
        return App.Client.SendAsync(message);
    }

    private async Task AssertStillPendingAsync(string key = "park-001")
    {
        var payment = await Gateway.GetAsync(key);
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
        Assert.Equal(0, _fake.ChargeCount(key));
    }

    [Fact]
    public async Task MapPaymentCallbacks_AcceptedUpdate_IsAppliedAndAnsweredWithTheHandlersReply()
    {
        await StartAsync();
        var pending = await PendingPaymentAsync();
        _handler.Respond = _ => PaymentCallbackResult.Accepted([_fake.Complete(pending.Attempts[0].Reference)], PaymentCallbackReply.Json(200, """{"ok":true}"""));

        using var response = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(PaymentStatus.Succeeded, (await Gateway.GetAsync("park-001"))!.Status);
        Assert.Equal(0, Sink.TotalCount);
    }

    [Fact]
    public async Task MapPaymentCallbacks_RefundUpdate_IsAppliedAndAnUnknownOneKeptForAudit()
    {
        await StartAsync();
        _fake.Otherwise(FakeBehavior.Succeed()).EnqueueRefunds(FakeBehavior.Accept());
        await Gateway.PayAsync(new PaymentRequest { IdempotencyKey = "park-001", Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] });
        var pending = await Gateway.RefundAsync(new RefundRequest { RefundKey = "rf-1", PaymentKey = "park-001" });
        Assert.Equal(RefundStatus.Pending, pending.Status);
        var settled = _fake.CompleteRefund(pending.Refund.Reference);
        _handler.Respond = _ => PaymentCallbackResult.Accepted([]) with { RefundUpdates = [settled] };

        using var response = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RefundStatus.Succeeded, (await Gateway.GetRefundAsync("rf-1"))!.Status);
        Assert.Contains(App.Logs.GetSnapshot(), r => r.Message.Contains("Refund callback for fake", StringComparison.Ordinal) && r.Message.Contains("Applied", StringComparison.Ordinal));
        Assert.Equal(0, Sink.TotalCount);

        _handler.Respond = _ => PaymentCallbackResult.Accepted([]) with { RefundUpdates = [settled with { RefundReference = "rfnobody", ProviderReference = "nobody" }] };
        using var unknown = await PostAsync("/payments/callbacks/fake");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(1, Sink.TotalCount);
    }

    [Fact]
    public async Task MapPaymentCallbacks_DuplicateCallback_IsHarmless()
    {
        await StartAsync();
        var pending = await PendingPaymentAsync();
        var update = _fake.Complete(pending.Attempts[0].Reference);
        _handler.Respond = _ => PaymentCallbackResult.Accepted([update]);

        using var first = await PostAsync("/payments/callbacks/fake");
        using var second = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var payment = await Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, payment!.Status);
        Assert.Single(payment.Attempts);
        Assert.Equal(1, _fake.ChargeCount("park-001"));
        Assert.Contains(App.Logs.GetSnapshot(), r => r.Message.Contains("Unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MapPaymentCallbacks_UnknownReference_IsLoggedPublishedAndCounted()
    {
        await StartAsync();
        using var metric = new MetricCollector<long>(App.Services.GetRequiredService<IMeterFactory>(), "Resilience.Payments", InMemoryUnmatchedCallbackSink.CounterName);
        var update = new ProviderUpdate { Provider = "fake", AttemptReference = "nobody-1", ProviderReference = "ws_CO_404", Outcome = ProviderOutcome.Succeeded("RCPT404", "ws_CO_404") };
        _handler.Respond = _ => PaymentCallbackResult.Accepted([update], references: ["ws_CO_404"]);

        using var response = await PostAsync("/payments/callbacks/fake", """{"phone":"254712345678"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unmatched = Assert.Single(Sink.GetRecent());
        Assert.Equal("fake", unmatched.Provider);
        Assert.Equal("nobody-1", unmatched.AttemptReference);
        Assert.Equal("ws_CO_404", unmatched.ProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, unmatched.Outcome);
        Assert.Equal("RCPT404", unmatched.Receipt);
        Assert.Equal(["ws_CO_404"], unmatched.References);
        Assert.Equal(TestApp.Start, unmatched.ReceivedAt);
        Assert.Equal(1, Sink.TotalCount);
        Assert.Equal(1, metric.GetMeasurementSnapshot().EvaluateAsCounter());
        // The test app runs as Production with the in-memory store, which warns once at start (core event 15); that one aside.
        var warning = Assert.Single(App.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Id != 15);
        Assert.Contains("ws_CO_404", warning.Message, StringComparison.Ordinal);
        Assert.Contains("fake", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(App.Logs.GetSnapshot(), r => r.Message.Contains("254712345678", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InMemoryUnmatchedCallbackSink_OverCapacity_KeepsTheNewestAndCountsAll()
    {
        using var sink = new InMemoryUnmatchedCallbackSink(capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            await sink.PublishAsync(new UnmatchedCallback { Provider = "fake", AttemptReference = $"k-{i}", Outcome = OutcomeKind.Succeeded, ReceivedAt = TestApp.Start }, CancellationToken.None);
        }

        Assert.Equal(["k-3", "k-4"], sink.GetRecent().Select(c => c.AttemptReference));
        Assert.Equal(5, sink.TotalCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MapPaymentCallbacks_BodyOverTheLimit_Is413AndNothingChanges(bool chunked)
    {
        await StartAsync(o => o.MaxBodyBytes = 100);
        var pending = await PendingPaymentAsync();
        _handler.Respond = _ => PaymentCallbackResult.Accepted([_fake.Complete(pending.Attempts[0].Reference)]);
        var body = new byte[101];
        Array.Fill(body, (byte)'a');
        using var content = chunked ? (HttpContent)new StreamContent(new NonSeekableStream(body)) : new ByteArrayContent(body);

        using var response = await App.Client.PostAsync("payments/callbacks/fake", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_handler.Received);
        var payment = await Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
    }

    [Fact]
    public async Task MapPaymentCallbacks_BodyAtTheLimit_IsPassedExactlyWithHeaders()
    {
        await StartAsync(o => o.MaxBodyBytes = 100);
        _handler.Respond = _ => PaymentCallbackResult.Ignored("test");
        var body = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("X-Test", "a");

        using var response = await App.Client.PostAsync("payments/callbacks/fake", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_handler.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal("a", received.Headers["x-test"]);
    }

    [Fact]
    public async Task MapPaymentCallbacks_Get_IsMappedWithTheQuery()
    {
        await StartAsync();
        _handler.Respond = c => PaymentCallbackResult.Accepted([], PaymentCallbackReply.Json(200, $$"""{"orderTrackingId":"{{c.Query["OrderTrackingId"]}}","status":200}"""));

        using var response = await App.Client.GetAsync("payments/callbacks/fake?OrderTrackingId=abc-123&OrderNotificationType=IPNCHANGE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"orderTrackingId":"abc-123","status":200}""", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(_handler.Received);
        Assert.Equal("GET", received.Method);
        Assert.Equal("IPNCHANGE", received.Query["ordernotificationtype"]);
        Assert.True(received.Body.IsEmpty);
    }

    [Theory]
    [InlineData(PaymentCallbackVerdict.Malformed, HttpStatusCode.BadRequest)]
    [InlineData(PaymentCallbackVerdict.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(PaymentCallbackVerdict.Ignored, HttpStatusCode.OK)]
    public async Task MapPaymentCallbacks_RejectedOrIgnored_AnswersTheHandlersStatusAndChangesNothing(PaymentCallbackVerdict verdict, HttpStatusCode expected)
    {
        await StartAsync();
        await PendingPaymentAsync();
        _handler.Respond = _ => verdict switch
        {
            PaymentCallbackVerdict.Malformed => PaymentCallbackResult.Malformed("not json"),
            PaymentCallbackVerdict.Unauthorized => PaymentCallbackResult.Unauthorized("bad signature"),
            _ => PaymentCallbackResult.Ignored("transfer.success"),
        };

        using var response = await PostAsync("/payments/callbacks/fake", "{not json");

        Assert.Equal(expected, response.StatusCode);
        await AssertStillPendingAsync();
        Assert.Equal(0, Sink.TotalCount);
    }

    [Fact]
    public async Task MapPaymentCallbacks_HandlerThrows_Is500AndChangesNothing()
    {
        await StartAsync();
        await PendingPaymentAsync();
        _handler.Respond = _ => throw new InvalidOperationException("broken handler");

        using var response = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await AssertStillPendingAsync();
        Assert.Contains(App.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task MapPaymentCallbacks_UpdateForAnotherProvider_IsNotApplied()
    {
        await StartAsync();
        var pending = await PendingPaymentAsync();
        var update = _fake.Complete(pending.Attempts[0].Reference);
        _other.Respond = _ => PaymentCallbackResult.Accepted([update]); // "other" speaks for "fake"

        using var response = await PostAsync("/payments/callbacks/other");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentStatus.Pending, (await Gateway.GetAsync("park-001"))!.Status);
    }

    [Fact]
    public async Task MapPaymentCallbacks_UnknownProvider_Is404()
    {
        await StartAsync();

        using var response = await PostAsync("/payments/callbacks/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MapPaymentCallbacks_OtherMethods_Are405AndNeverReachTheHandler()
    {
        await StartAsync();

        using var put = await App.Client.PutAsync("payments/callbacks/fake", new StringContent("{}"));
        using var delete = await App.Client.DeleteAsync("payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Empty(_handler.Received);
    }

    [Fact]
    public async Task MapPaymentCallbacks_CustomPrefix_IsUsed()
    {
        await StartAsync(prefix: "/hooks");
        _handler.Respond = _ => PaymentCallbackResult.Ignored("test");

        using var custom = await PostAsync("/hooks/fake");
        using var standard = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, standard.StatusCode);
    }

    [Fact]
    public async Task MapPaymentCallbacks_SecretSegment_OnlyTheRightSecretReachesTheHandler()
    {
        const string secret = "s3cr3t-0123456789abcdef";
        await StartAsync(o => o.SecretPathSegment = secret);
        var pending = await PendingPaymentAsync();
        _handler.Respond = _ => PaymentCallbackResult.Accepted([_fake.Complete(pending.Attempts[0].Reference)]);

        using var wrong = await PostAsync("/payments/callbacks/s3cr3t-0123456789abcdeX/fake");
        using var shorter = await PostAsync("/payments/callbacks/s3cr3t/fake");
        using var missing = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, shorter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(_handler.Received);
        Assert.Equal(PaymentStatus.Pending, (await Gateway.GetAsync("park-001"))!.Status);
        // The library never logs the secret (ASP.NET Core's own request logging writes paths: see docs/callbacks.md).
        Assert.DoesNotContain(App.Logs.GetSnapshot(), r => r.Category!.StartsWith("Resilience", StringComparison.Ordinal) && r.Message.Contains("s3cr3t", StringComparison.Ordinal));

        using var right = await PostAsync($"/payments/callbacks/{secret}/fake");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(PaymentStatus.Succeeded, (await Gateway.GetAsync("park-001"))!.Status);
    }

    [Fact]
    public async Task MapPaymentCallbacks_SourceOutsideTheGlobalAllowList_Is403AndChangesNothing()
    {
        await StartAsync(o => o.AllowSources("196.201.214.0/24", "10.0.0.1", "2001:db8::/32"));
        var pending = await PendingPaymentAsync();
        _handler.Respond = _ => PaymentCallbackResult.Accepted([_fake.Complete(pending.Attempts[0].Reference)]);

        using var response = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_handler.Received);
        Assert.Equal(PaymentStatus.Pending, (await Gateway.GetAsync("park-001"))!.Status);
        Assert.Contains(App.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("allow-list", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.0/8")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task MapPaymentCallbacks_SourceInTheAllowList_IsServed(string source)
    {
        await StartAsync(o => o.AllowSources("10.0.0.0/8", source));
        _handler.Respond = _ => PaymentCallbackResult.Ignored("test");

        using var response = await PostAsync("/payments/callbacks/fake");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MapPaymentCallbacks_ProviderAllowList_ReplacesTheGlobalOneForThatProvider()
    {
        await StartAsync(o => o.AllowSources("10.0.0.0/8").AllowSourcesFor("fake", "127.0.0.1"));
        _handler.Respond = _ => PaymentCallbackResult.Ignored("test");
        _other.Respond = _ => PaymentCallbackResult.Ignored("test");

        using var fake = await PostAsync("/payments/callbacks/fake");
        using var other = await PostAsync("/payments/callbacks/other");

        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Empty(_other.Received);
    }

    [Fact]
    public async Task MapPaymentCallbacks_ProviderAllowListExcludingTheSource_Is403EvenWithoutAGlobalList()
    {
        await StartAsync(o => o.AllowSourcesFor("other", "192.0.2.7"));
        _handler.Respond = _ => PaymentCallbackResult.Ignored("test");
        _other.Respond = _ => PaymentCallbackResult.Ignored("test");

        using var fake = await PostAsync("/payments/callbacks/fake");
        using var other = await PostAsync("/payments/callbacks/other");

        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    public static TheoryData<string> InvalidOptions => new() { "short-secret", "bad-secret-chars", "zero-limit", "huge-limit", "bad-address", "bad-cidr", "empty-provider-list" };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task MapPaymentCallbacks_InvalidOptions_ThrowNamingTheProperty(string which)
    {
        Action<PaymentCallbackOptions> configure = which switch
        {
            "short-secret" => o => o.SecretPathSegment = "abc",
            "bad-secret-chars" => o => o.SecretPathSegment = "0123456789abcdef/../x",
            "zero-limit" => o => o.MaxBodyBytes = 0,
            "huge-limit" => o => o.MaxBodyBytes = 1L << 30,
            "bad-address" => o => o.AllowSources("safaricom.co.ke"),
            "bad-cidr" => o => o.AllowSourcesFor("mpesa", "10.0.0.0/33"),
            _ => o => o.ProviderAllowedSources["mpesa"] = new List<string>(),
        };
        var options = new PaymentCallbackOptions();
        configure(options);
        Assert.NotEmpty(options.Validate());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(configure));
        Assert.Contains(ex.Failures, f => f.Contains(which.Contains("secret", StringComparison.Ordinal) ? "SecretPathSegment" : which.Contains("limit", StringComparison.Ordinal) ? "MaxBodyBytes" : "AllowedSources", StringComparison.Ordinal));
    }

    [Fact]
    public void PaymentCallbackOptions_Defaults_AreValid()
    {
        var options = new PaymentCallbackOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(64 * 1024, options.MaxBodyBytes);
        Assert.Null(options.SecretPathSegment);
        Assert.Empty(options.AllowedSources);
    }

    [Fact]
    public async Task MapPaymentCallbacks_WithoutAddPaymentCallbacks_ThrowsSayingWhatToCall()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(addCallbacks: false));

        Assert.Contains("AddPaymentCallbacks", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A stream without a length, so that HttpClient sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
