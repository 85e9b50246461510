using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Resilience.Payments.Http;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// A provider client registered by <c>AddHttpProvider</c> like the bundled adapters' (named <see cref="ClientName"/>), over a
/// WireMock server that stands for the wire: <c>POST /charge</c> and <c>GET /status</c> both answer 503.
/// </summary>
internal sealed class ProbeClient : IDisposable
{
    public const string ClientName = "probe";
    public const string ChargePath = "/charge";
    public const string StatusPath = "/status";

    public ProbeClient()
    {
        Wire = WireMockServer.Start();
        Wire.Given(Request.Create().WithPath(ChargePath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        Wire.Given(Request.Create().WithPath(StatusPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
    }

    public WireMockServer Wire { get; }

    public Uri BaseAddress => new(Wire.Urls![0] + "/");

    public int Requests(string path) => Wire.LogEntries.Count(e => e.RequestMessage!.Path == path);

    /// <summary>A service collection with the gateway and the probe provider; <paramref name="configure"/> is the application's part.</summary>
    public IServiceCollection Services(Action<IServiceCollection, IHttpClientBuilder>? configure = null, IServiceCollection? services = null)
    {
        services ??= new ServiceCollection();
        services.AddLogging();
        var client = services.AddPaymentGateway(static o => o.EnableBackgroundWorkers = false)
            .AddHttpProvider<ProbeProvider, ProbeOptions, ProbeOptionsValidator>(ClientName, o => o.BaseAddress = BaseAddress, static (o, http) => http.BaseAddress = o.BaseAddress);
        configure?.Invoke(services, client);
        return services;
    }

    public static HttpRequestMessage Charge() =>
        SendOnce.Mark(new HttpRequestMessage(HttpMethod.Post, ChargePath.TrimStart('/')) { Content = new StringContent("""{"amount":150}""") });

    public void Dispose() => Wire.Dispose();

    public sealed class ProbeOptions
    {
        public Uri? BaseAddress { get; set; }
    }

    public sealed class ProbeOptionsValidator : IValidateOptions<ProbeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProbeOptions options) =>
            options.BaseAddress is null ? ValidateOptionsResult.Fail("BaseAddress is required.") : ValidateOptionsResult.Success;
    }

    public sealed class ProbeProvider(HttpClient http) : IPaymentProvider
    {
        private readonly FakePaymentProvider _inner = new("probe");

        public HttpClient Http { get; } = http;

        public string Name => _inner.Name;

        public ProviderCapabilities Capabilities => _inner.Capabilities;

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => _inner.InitiateAsync(request, cancellationToken);

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => _inner.QueryStatusAsync(request, cancellationToken);
    }
}
