namespace Resilience.Payments.Tests.Safety;

/// <summary>A provider whose answers a test writes: initiation and status query each by a function; records every status request.</summary>
internal sealed class ScriptedProvider(string name, Func<ProviderPaymentRequest, ProviderOutcome> initiate, bool deduplicates = false) : IPaymentProvider
{
    private readonly List<ProviderStatusRequest> _statusRequests = [];
    private readonly List<ProviderPaymentRequest> _requests = [];

    public string Name { get; } = name;

    public ProviderCapabilities Capabilities { get; } = FakeCapabilities(deduplicates);

    public Func<ProviderStatusRequest, ProviderOutcome> Status { get; set; } = _ => ProviderOutcome.Unknown("no answer yet");

    public Func<ProviderPaymentRequest, CancellationToken, Task<ProviderOutcome>>? InitiateAsyncOverride { get; set; }

    public IReadOnlyList<ProviderStatusRequest> StatusRequests => _statusRequests;

    public IReadOnlyList<ProviderPaymentRequest> Requests => _requests;

    public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        _requests.Add(request);
        return InitiateAsyncOverride?.Invoke(request, cancellationToken) ?? Task.FromResult(initiate(request));
    }

    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        _statusRequests.Add(request);
        return Task.FromResult(Status(request));
    }

    private static ProviderCapabilities FakeCapabilities(bool deduplicates) =>
        Resilience.Payments.Testing.FakePaymentProvider.DefaultCapabilities with { DeduplicatesByReference = deduplicates };
}
