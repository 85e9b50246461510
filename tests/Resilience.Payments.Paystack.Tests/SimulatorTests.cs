using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public sealed class SimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;

    public SimulatorTests() => _sim = new PaystackSimulator(SecretKey, seed: 3, timeProvider: _time);

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    private PaystackPaymentProvider Adapter(TimeSpan? timeout = null) => Provider(_sim.BaseAddress, timeout);

    [Fact]
    public async Task ReusedReference_IsRefused_AndTheAdapterSaysUnknown_OneCharge()
    {
        var first = await Adapter().InitiateAsync(Charge(), CancellationToken.None);
        var again = await Adapter().InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, first.Kind);
        Assert.Equal(OutcomeKind.Unknown, again.Kind);
        Assert.Equal("duplicate_reference", again.Code);
        Assert.Single(_sim.Transactions);
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().QueryStatusAsync(Status(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task WrongSecretKey_Is401_NotProcessed()
    {
        var outcome = await Provider(_sim.BaseAddress, secretKey: "sk_test_wrong").InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task VerifyUnknownReference_IsNotProcessed()
    {
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().QueryStatusAsync(Status("never-sent-1"), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task DownThenUp_RefusesConnectionsThenServesOnTheSamePort()
    {
        var address = _sim.BaseAddress;
        _sim.Down();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Charge(), CancellationToken.None)).Kind);
        _sim.Up();
        Assert.Equal(address, _sim.BaseAddress);
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().InitiateAsync(Charge(), CancellationToken.None)).Kind);
        Assert.Single(_sim.Transactions);
    }

    [Fact]
    public async Task Fail503_IsUnknown_AndVerifyThenFindsNothing()
    {
        _sim.Fail503();
        Assert.Equal(OutcomeKind.Unknown, (await Adapter().InitiateAsync(Charge(), CancellationToken.None)).Kind);
        _sim.ClearFaults();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().QueryStatusAsync(Status(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task RateLimit_IsNotProcessed()
    {
        _sim.RateLimited();
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Charge(), CancellationToken.None)).Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Decline_IsDeclinedWithReason_AndRecordedAsFailed()
    {
        _sim.Decline("Insufficient Funds");
        var outcome = await Adapter().InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("Insufficient Funds", outcome.Reason);
        Assert.Equal("failed", Assert.Single(_sim.Transactions).Status);
    }

    [Fact]
    public async Task Slow_BeyondTheClientTimeout_IsUnknown()
    {
        _sim.Slow(TimeSpan.FromSeconds(2));
        Assert.Equal(OutcomeKind.Unknown, (await Adapter(TimeSpan.FromMilliseconds(200)).InitiateAsync(Charge(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task During_AppliesFaultsOnlyInsideTheWindow()
    {
        _sim.During(Start.AddMinutes(1), Start.AddMinutes(2), s => s.RateLimited());

        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().InitiateAsync(Charge(reference: "a-1"), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OutcomeKind.NotProcessed, (await Adapter().InitiateAsync(Charge(reference: "a-2"), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().InitiateAsync(Charge(reference: "a-3"), CancellationToken.None)).Kind);
        Assert.Equal(["a-1", "a-3"], _sim.Transactions.Select(c => c.Reference));
    }

    [Fact]
    public async Task SeededRates_AreReproducible()
    {
        async Task<string> RunAsync()
        {
            await using var sim = new PaystackSimulator(SecretKey, seed: 42);
            sim.RateLimited(0.5);
            var adapter = Provider(sim.BaseAddress);
            var kinds = new List<OutcomeKind>();
            for (var i = 0; i < 12; i++)
            {
                kinds.Add((await adapter.InitiateAsync(Charge(reference: $"r-{i}"), CancellationToken.None)).Kind);
            }

            return string.Join(",", kinds);
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(nameof(OutcomeKind.NotProcessed), first, StringComparison.Ordinal);
        Assert.Contains(nameof(OutcomeKind.Succeeded), first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mpesa_PayOfflineThenCompletesOnTheClock_WithASignedWebhook()
    {
        _sim.MobileMoneySucceeds = false;
        Assert.Equal(OutcomeKind.Pending, (await Adapter().InitiateAsync(Charge(Mpesa), CancellationToken.None)).Kind);
        Assert.Equal(OutcomeKind.Pending, (await Adapter().QueryStatusAsync(Status(), CancellationToken.None)).Kind);

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync(); // the payer's step and its webhook run on the clock's timer thread

        var webhook = Assert.Single(_sim.Callbacks);
        Assert.Equal("charge.failed", webhook.Event);
        Assert.True(PaystackWebhook.VerifySignature(System.Text.Encoding.UTF8.GetBytes(webhook.Body), webhook.Headers["x-paystack-signature"], SecretKey));
        Assert.Equal(OutcomeKind.Declined, (await Adapter().QueryStatusAsync(Status(), CancellationToken.None)).Kind);
    }
}
