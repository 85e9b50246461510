using System.Net;
using System.Net.Http;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Console.Tests;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (a free port) with a gateway over two <see cref="FakePaymentProvider"/>s, the in-memory store,
/// a <see cref="FakeTimeProvider"/>, a test authentication scheme (a cookie or a header names the user; users whose name starts
/// with <c>guest</c> lack the operator role), and the console at <see cref="ConsolePath"/> behind the policy <see cref="Policy"/>.
/// The background workers (queue, reconciliation, event dispatch) are removed: tests run them once by hand.
/// </summary>
internal sealed class ConsoleTestHost : IAsyncDisposable
{
    public const string ConsolePath = "/payments-console";

    public const string Policy = "payments-operator";

    public const string UserCookie = "console-test-user";

    public const string UserHeader = "X-Test-User";

    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private ConsoleTestHost(WebApplication app, FakeTimeProvider time, FakePaymentProvider mpesa, FakePaymentProvider airtel, Uri baseAddress)
    {
        App = app;
        Time = time;
        Mpesa = mpesa;
        Airtel = airtel;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakePaymentProvider Mpesa { get; }

    public FakePaymentProvider Airtel { get; }

    public Uri BaseAddress { get; }

    public Uri ConsoleUri => new(BaseAddress, ConsolePath);

    public IPaymentGateway Gateway => App.Services.GetRequiredService<IPaymentGateway>();

    public PaymentOperations Operations => App.Services.GetRequiredService<PaymentOperations>();

    public PaymentGatewayOptions Options => App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

    public static async Task<ConsoleTestHost> StartAsync(Action<PaymentsConsoleOptions>? console = null, string environment = "Production", Action<PaymentGatewayOptions>? gateway = null, IPaymentEventObserver? observer = null)
    {
        var time = new FakeTimeProvider(Start);
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
        var airtel = new FakePaymentProvider("airtel", timeProvider: time);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        var payments = builder.Services.AddPaymentGateway(o =>
            {
                o.InstanceName = "console-tests";
                o.Queue.MaxAttempts = 1;
                o.DefaultProvider.MinimumThroughput = 1000; // circuits stay closed unless a test opens one
                gateway?.Invoke(o);
            })
            .AddProvider(mpesa)
            .AddProvider(airtel);
        if (observer is not null)
        {
            payments.AddEventObserver(observer);
        }

        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole("operator"));
        foreach (var worker in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType == typeof(PaymentQueueWorker) || d.ImplementationType == typeof(PaymentReconciliationWorker)
                || d.ImplementationType == typeof(PaymentEventDispatchWorker))).ToList())
        {
            builder.Services.Remove(worker);
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/test-login", (HttpContext context) =>
        {
            context.Response.Cookies.Append(UserCookie, context.Request.Query["user"].ToString(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.Redirect(ConsolePath);
        });
        app.MapPaymentsConsole(ConsolePath, console ?? (o => o.AuthorizationPolicy = Policy));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConsoleTestHost(app, time, mpesa, airtel, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <summary>A client that keeps cookies (the antiforgery cookie) and signs in as <paramref name="user"/> (none when null).</summary>
    public HttpClient Client(string? user = "alice")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(UserHeader, user);
        }

        return client;
    }

    public static PaymentRequest Request(string key, string phone = "254712345678", string? account = null, decimal amount = 250) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(amount),
        Instruments = [PaymentInstrument.MobileMoney(phone)],
        AccountReference = account ?? "KCA 123X",
    };

    /// <summary>Makes a payment whose every attempt the providers refuse before charging: it ends in the queue.</summary>
    public async Task<PaymentResult> QueuedAsync(string key)
    {
        Mpesa.Enqueue(FakeBehavior.NotProcessed());
        Airtel.Enqueue(FakeBehavior.NotProcessed());
        return await Gateway.PayAsync(Request(key));
    }

    /// <summary>Makes a dead letter: queued, then failed at the queue's last attempt (MaxAttempts 1).</summary>
    public async Task DeadLetterAsync(string key)
    {
        await QueuedAsync(key);
        Time.Advance(Options.Queue.MaxDelay + TimeSpan.FromSeconds(1));
        Mpesa.Enqueue(FakeBehavior.NotProcessed());
        Airtel.Enqueue(FakeBehavior.NotProcessed());
        await QueueWorker().RunOnceAsync();
    }

    public PaymentQueueWorker QueueWorker() => new(
        App.Services.GetRequiredService<PaymentGateway>(), App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>(), Time,
        NullLogger<PaymentQueueWorker>.Instance);

    public PaymentEventDispatchWorker Dispatcher() => new(
        App.Services.GetRequiredService<PaymentGateway>(), App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>(), Time,
        NullLogger<PaymentEventDispatchWorker>.Instance);

    public PaymentReconciliationWorker Reconciler() => new(
        App.Services.GetRequiredService<PaymentGateway>(), App.Services.GetRequiredService<IOptions<PaymentGatewayOptions>>(), Time,
        NullLogger<PaymentReconciliationWorker>.Instance);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Signs in the user named by the cookie or the header; <c>guest*</c> users are not operators.</summary>
    private sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[UserHeader].ToString();
            if (user.Length == 0)
            {
                user = Request.Cookies[UserCookie] ?? string.Empty;
            }

            if (user.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            List<Claim> claims = [new(ClaimTypes.Name, user)];
            if (!user.StartsWith("guest", StringComparison.Ordinal))
            {
                claims.Add(new Claim(ClaimTypes.Role, "operator"));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
