using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Testing;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>What reaches the logs from a callback: never the secret path segment, a full phone number or a line break from outside.</summary>
public sealed class LogHygieneTests
{
    private const string Secret = "s3cr3t-0123456789abcdef";

    /// <summary>Every text a record carries: the message, the structured values, and each scope as text and as values.</summary>
    private static IEnumerable<string> Texts(FakeLogRecord record)
    {
        yield return record.Message;
        foreach (var (_, value) in record.StructuredState ?? [])
        {
            yield return value ?? string.Empty;
        }

        foreach (var scope in record.Scopes)
        {
            yield return scope?.ToString() ?? string.Empty;
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    yield return key + "=" + value;
                }
            }
        }
    }

    private static async Task<TestApp> StartWithSecretAsync(ScriptedHandler handler, Action<ILoggingBuilder> logging)
    {
        var time = new FakeTimeProvider(TestApp.Start);
        var fake = new FakePaymentProvider("fake", timeProvider: time);
        return await TestApp.StartAsync(
            services =>
            {
                services.AddLogging(logging);
                services.AddSingleton<TimeProvider>(time);
                services.AddPaymentGateway(o => o.InstanceName = "test").AddProvider(fake).AddPaymentCallbacks();
                services.AddSingleton<IPaymentCallbackHandler>(handler);
            },
            app => app.MapPaymentCallbacks(configure: o => o.SecretPathSegment = Secret));
    }

    private static async Task PostAsync(TestApp app, string path, HttpStatusCode expected)
    {
        using var response = await app.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task MapPaymentCallbacks_SecretSegmentWithDefaultTemplateLevels_NeverReachesAScopeOrAMessage()
    {
        // The default templates log Microsoft.AspNetCore at Warning: its RequestPath scope is still opened for every request.
        var handler = new ScriptedHandler("fake") { Respond = _ => PaymentCallbackResult.Ignored("not a payment event") };
        await using var app = await StartWithSecretAsync(handler, b => b.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));

        await PostAsync(app, $"payments/callbacks/{Secret}/fake", HttpStatusCode.OK);
        await PostAsync(app, $"payments/callbacks/{Secret.ToUpperInvariant()}/fake", HttpStatusCode.NotFound); // a near miss tells as much

        var records = app.Logs.GetSnapshot();
        var ignored = Assert.Single(records, r => r.Message.Contains("ignored: not a payment event", StringComparison.Ordinal));
        Assert.Contains(ignored.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(p => p), p => p.Key == "RequestPath" && Equals(p.Value, "/payments/callbacks/***/fake"));
        Assert.Contains(records, r => r.Message.Contains("secret path segment does not match", StringComparison.Ordinal));
        foreach (var record in records)
        {
            Assert.All(Texts(record), text => Assert.DoesNotContain(Secret, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task MapPaymentCallbacks_SecretSegmentWithEverythingAtTrace_NeverReachesAScope()
    {
        var handler = new ScriptedHandler("fake") { Respond = _ => PaymentCallbackResult.Ignored("not a payment event") };
        await using var app = await StartWithSecretAsync(handler, b => b.SetMinimumLevel(LogLevel.Trace));

        await PostAsync(app, $"payments/callbacks/{Secret}/fake", HttpStatusCode.OK);

        var records = app.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Scopes.Count > 0);
        foreach (var record in records)
        {
            Assert.All(record.Scopes, scope => Assert.DoesNotContain(Secret, scope?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase));
            if (!record.Category!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(Secret, record.Message, StringComparison.OrdinalIgnoreCase); // the hosting layer's own lines are the residual (docs/callbacks.md)
            }
        }
    }

    [Fact]
    public void AddPaymentCallbacks_ActivityTracking_TraceIdsStayInScopes()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId));
        services.AddPaymentCallbacks();
        using var sp = services.BuildServiceProvider();
        var scopes = sp.GetRequiredService<IExternalScopeProvider>();
        using var activity = new Activity("callback").Start();

        var seen = new List<object?>();
        using (scopes.Push("outer"))
        {
            scopes.ForEachScope((scope, list) => list.Add(scope), seen);
        }

        var traced = seen.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(p => p).ToList();
        Assert.Contains(traced, p => p.Key == "TraceId" && Equals(p.Value?.ToString(), activity.TraceId.ToHexString()));
        Assert.Contains("outer", seen);
    }

    [Fact]
    public void AddPaymentCallbacks_ScopeProviderAlreadyRegistered_IsDecoratedNotReplaced()
    {
        var own = new LoggerExternalScopeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IExternalScopeProvider>(own);
        services.AddPaymentCallbacks();
        services.AddPaymentCallbacks(); // twice: still one decorator
        using var sp = services.BuildServiceProvider();
        sp.GetRequiredService<Internal.CallbackSecrets>().Add(Secret);

        var scopes = sp.GetRequiredService<IExternalScopeProvider>();
        using (scopes.Push(new Dictionary<string, object?> { ["RequestPath"] = $"/payments/callbacks/{Secret}/mpesa" }.ToList()))
        {
            var seen = new List<object?>();
            own.ForEachScope((scope, list) => list.Add(scope), seen);

            var pairs = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(Assert.Single(seen));
            Assert.Equal("/payments/callbacks/***/mpesa", Assert.Single(pairs).Value);
        }

        Assert.Single(services, d => d.ServiceType == typeof(IExternalScopeProvider));
    }

    [Fact]
    public async Task MapPaymentCallbacks_SecretWithoutAddPaymentCallbacks_ThrowsSayingWhatToCall()
    {
        var time = new FakeTimeProvider(TestApp.Start);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddPaymentGateway(o => o.InstanceName = "test").AddProvider(new FakePaymentProvider("fake", timeProvider: time));
                services.AddSingleton<IUnmatchedCallbackSink>(new InMemoryUnmatchedCallbackSink());
                services.AddSingleton<IPaymentCallbackHandler>(new ScriptedHandler("fake"));
            },
            app => app.MapPaymentCallbacks(configure: o => o.SecretPathSegment = Secret)));

        Assert.Contains("AddPaymentCallbacks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DarajaCallback_AttemptWithLineBreaksAndPhoneNumber_ReachesTheLogsScrubbed()
    {
        await using var f = await E2EFixture.StartAsync();
        var mpesa = f.App.Services.GetRequiredService<DarajaPaymentProvider>();
        var outside = await mpesa.InitiateAsync(
            new ProviderPaymentRequest
            {
                PaymentKey = "elsewhere",
                AttemptReference = "elsewhere-1",
                AttemptNumber = 1,
                Amount = Money.Kes(100),
                Instrument = new MobileMoneyInstrument(PhoneNumber.Parse("0712345678")),
                AccountReference = "KCA123X",
            },
            CancellationToken.None);
        f.Time.Advance(f.Daraja.PayerDelay);
        await f.Daraja.WhenCallbacksSentAsync();

        // The callback again, its CallBackURL's attempt forged: a line break to start a log line of its own, and a phone number.
        // Signed with the adapter's key, so that the handler passes the attempt on (without a valid token it is ignored and
        // reaches no log at all): the scrubbing is tested where the text does reach the logs.
        var forged = "x-1\r\nWARN Payment forged 254722000111";
        var token = new Resilience.Payments.Callbacks.CallbackTokenSigner([E2EFixture.DarajaSigningKey]).Sign("daraja-attempt", forged);
        using var response = await f.PostAsync($"mpesa?attempt={Uri.EscapeDataString(forged)}&token={token}", E2EFixture.DarajaCallback(outside.ProviderReference!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = f.App.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("attempt x-1  WARN Payment forged 2547****11", StringComparison.Ordinal) && r.Category == "Resilience.Payments.PaymentGateway");
        Assert.Contains(records, r => r.Message.Contains("attempt x-1  WARN Payment forged 2547****11", StringComparison.Ordinal) && r.Category!.StartsWith("Resilience.Payments.AspNetCore", StringComparison.Ordinal));
        // Every line but the hosting layer's own (at Debug here; "Request starting" prints the URL, percent-encoded: docs/callbacks.md).
        foreach (var record in records.Where(r => !r.Category!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)))
        {
            Assert.All(Texts(record), text =>
            {
                Assert.DoesNotContain("722000111", text, StringComparison.Ordinal);
                Assert.False(text.Contains('\r', StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal), text);
            });
        }
    }
}
