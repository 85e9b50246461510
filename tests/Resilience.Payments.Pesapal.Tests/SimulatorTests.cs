using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Pesapal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>PesapalPaymentProvider against PesapalSimulator over real HTTP; the simulator's clock is fake.</summary>
public sealed class SimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public SimulatorTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 5, timeProvider: _time);
        _receiver.Given(Request.Create().WithPath("/ipn")).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private Uri ReceiverIpn => new(_receiver.Url + "/ipn");

    private PesapalPaymentProvider Adapter(TimeSpan? timeout = null, PesapalIpnMethod method = PesapalIpnMethod.Post, string consumerSecret = ConsumerSecret)
    {
        var options = Options(_sim.BaseAddress, timeout);
        options.IpnUrl = ReceiverIpn;
        options.IpnMethod = method;
        options.ConsumerSecret = consumerSecret;
        return new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);
    }

    private static ProviderStatusRequest StatusOf(ProviderOutcome outcome, string reference = "park-001-1") => Status(outcome.ProviderReference, reference);

    [Fact]
    public async Task Order_PayerPaysAfterDelay_ChargesOncePostsIpnAndStatusIsCompleted()
    {
        using var adapter = Adapter();
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.StartsWith(_sim.BaseAddress.AbsoluteUri, outcome.Action!.RedirectUrl!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryStatusAsync(StatusOf(outcome), CancellationToken.None)).Kind);

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var charge = Assert.Single(_sim.Charges);
        Assert.Equal(200.50m, charge.Amount);
        Assert.Equal("park-001-1", charge.MerchantReference);
        Assert.Equal("2547****5678", charge.PhoneNumber);
        var ipn = Assert.Single(_sim.Callbacks);
        Assert.Equal(1, ipn.Deliveries);
        Assert.Equal("POST", _receiver.LogEntries.Single().RequestMessage!.Method);
        var status = await adapter.QueryStatusAsync(StatusOf(outcome), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, status.Kind);
        Assert.Equal(charge.Receipt, status.Receipt);
    }

    [Fact]
    public async Task Order_GetIpn_IsDeliveredAsQueryAndConfirmedByTheHandler()
    {
        using var adapter = Adapter(method: PesapalIpnMethod.Get);
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var request = _receiver.LogEntries.Single().RequestMessage!;
        Assert.Equal("GET", request.Method);
        var query = request.Query!.ToDictionary(p => p.Key, p => p.Value.Single(), StringComparer.OrdinalIgnoreCase);
        var result = await new PesapalCallbackHandler(adapter).HandleAsync(new PaymentCallback { Method = "GET", Query = query }, CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(outcome.ProviderReference, update.ProviderReference);
        Assert.Equal("park-001-1", update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
    }

    [Fact]
    public async Task Adapter_FiftyConcurrentOrders_OneTokenOneIpnRegistration()
    {
        using var adapter = Adapter();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => adapter.InitiateAsync(Order(reference: $"p-{i}-1"), CancellationToken.None)));
        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.ActionRequired, o.Kind));
        Assert.Equal(1, _sim.TokenRequests);
        Assert.Equal(1, _sim.IpnRegistrations);
        Assert.Equal(50, _sim.Transactions.Select(o => o.OrderTrackingId).Distinct().Count());
    }

    [Fact]
    public async Task RevokedToken_Is401_AdapterRefreshesOnceAndSucceeds()
    {
        using var adapter = Adapter();
        await adapter.InitiateAsync(Order(reference: "a-1"), CancellationToken.None);
        _sim.InvalidateTokens();
        var outcome = await adapter.InitiateAsync(Order(reference: "a-2"), CancellationToken.None);
        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(2, _sim.TokenRequests);
    }

    [Fact]
    public async Task TokenExpiryOnTheSimulatorClock_AdapterRefreshesBeforeIt()
    {
        using var adapter = Adapter();
        await adapter.InitiateAsync(Order(reference: "a-1"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(45));
        Assert.Equal(OutcomeKind.ActionRequired, (await adapter.InitiateAsync(Order(reference: "a-2"), CancellationToken.None)).Kind);
        Assert.Equal(2, _sim.TokenRequests);
    }

    [Fact]
    public async Task WrongSecret_IsNotProcessed_NoOrder()
    {
        using var adapter = Adapter(consumerSecret: "wrong");
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("no_token", outcome.Code);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task ReusedMerchantReference_IsRefused_OneOrder()
    {
        using var adapter = Adapter();
        Assert.Equal(OutcomeKind.ActionRequired, (await adapter.InitiateAsync(Order(), CancellationToken.None)).Kind);
        var again = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, again.Kind);
        Assert.Equal("duplicate_merchant_reference", again.Code);
        Assert.Single(_sim.Transactions);
    }

    [Fact]
    public async Task DownThenUp_RefusesConnectionsThenServesOnTheSamePort()
    {
        using var adapter = Adapter();
        var address = _sim.BaseAddress;
        _sim.Down();
        Assert.Equal(OutcomeKind.NotProcessed, (await adapter.InitiateAsync(Order(), CancellationToken.None)).Kind);
        _sim.Up();
        Assert.Equal(address, _sim.BaseAddress);
        Assert.Equal(OutcomeKind.ActionRequired, (await adapter.InitiateAsync(Order(), CancellationToken.None)).Kind);
        Assert.Single(_sim.Transactions);
    }

    [Fact]
    public async Task Fail503_SubmitIsNotProcessed_StatusIsUnknown_NoOrder()
    {
        using var adapter = Adapter();
        var accepted = await adapter.InitiateAsync(Order(reference: "a-1"), CancellationToken.None);
        _sim.Fail503();
        Assert.Equal(OutcomeKind.NotProcessed, (await adapter.InitiateAsync(Order(reference: "a-2"), CancellationToken.None)).Kind);
        Assert.Equal(OutcomeKind.Unknown, (await adapter.QueryStatusAsync(StatusOf(accepted, "a-1"), CancellationToken.None)).Kind);
        Assert.Single(_sim.Transactions);
    }

    [Fact]
    public async Task RateLimited_IsNotProcessed()
    {
        using var adapter = Adapter();
        _sim.RateLimited();
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Slow_BeyondTheClientTimeout_IsNotProcessed()
    {
        using var adapter = Adapter(TimeSpan.FromSeconds(2));
        await adapter.InitiateAsync(Order(reference: "warm-1"), CancellationToken.None); // token and IPN id cached
        _sim.Slow(TimeSpan.FromSeconds(6));
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("timeout", outcome.Code);
    }

    [Fact]
    public async Task ChargeThenNoReply_OrderExistsButIsNeverPaid()
    {
        using var adapter = Adapter(TimeSpan.FromSeconds(2));
        await adapter.InitiateAsync(Order(reference: "warm-1"), CancellationToken.None);
        _sim.ChargeThenNoReply();

        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        var orphan = _sim.Transactions.Single(o => o.MerchantReference == "park-001-1");
        Assert.False(orphan.ReplyDelivered);
        Assert.Equal(0, orphan.StatusCode);
        Assert.False(await _sim.CompleteAsync("park-001-1"));
        Assert.DoesNotContain(_sim.Charges, c => c.MerchantReference == "park-001-1");
    }

    [Fact]
    public async Task Decline_PayerFails_StatusIsDeclinedWithTheCode_NoCharge()
    {
        using var adapter = Adapter();
        _sim.Decline("Insufficient balance");
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var status = await adapter.QueryStatusAsync(StatusOf(outcome), CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, status.Kind);
        Assert.Equal("Insufficient balance", status.Reason);
        Assert.Empty(_sim.Charges);
        Assert.Single(_sim.Callbacks);
    }

    [Fact]
    public async Task Reverse_CompletedOrder_StatusIsDeclinedReversed()
    {
        using var adapter = Adapter();
        _sim.AutoPay = false;
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        Assert.True(await _sim.CompleteAsync(outcome.ProviderReference!));
        Assert.True(await _sim.ReverseAsync(outcome.ProviderReference!));
        await _sim.WhenCallbacksSentAsync();

        var status = await adapter.QueryStatusAsync(StatusOf(outcome), CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, status.Kind);
        Assert.Equal("REVERSED", status.Code);
        Assert.Equal(2, _sim.Callbacks.Count);
    }

    [Fact]
    public async Task LostIpn_IsNotDelivered_ButTheStatusSaysCompleted()
    {
        using var adapter = Adapter();
        _sim.LoseCallbacks();
        var outcome = await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(0, Assert.Single(_sim.Callbacks).Deliveries);
        Assert.Empty(_receiver.LogEntries);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryStatusAsync(StatusOf(outcome), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task DuplicatedIpn_IsDeliveredTwice()
    {
        using var adapter = Adapter();
        _sim.DuplicateCallbacks();
        await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.Equal(2, _receiver.LogEntries.Count);
    }

    [Fact]
    public async Task DelayedIpn_ArrivesOnlyAfterTheDelayOnTheClock()
    {
        using var adapter = Adapter();
        _sim.DelayCallbacks(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));
        await adapter.InitiateAsync(Order(), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        Assert.Single(_sim.Charges);
        Assert.Empty(_receiver.LogEntries);

        _time.Advance(TimeSpan.FromMinutes(2));
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_receiver.LogEntries);
    }

    [Fact]
    public async Task During_AppliesFaultsOnlyInsideTheWindow()
    {
        using var adapter = Adapter();
        _sim.During(Start.AddMinutes(1), Start.AddMinutes(2), s => s.Fail503());

        Assert.Equal(OutcomeKind.ActionRequired, (await adapter.InitiateAsync(Order(reference: "a-1"), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OutcomeKind.NotProcessed, (await adapter.InitiateAsync(Order(reference: "a-2"), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OutcomeKind.ActionRequired, (await adapter.InitiateAsync(Order(reference: "a-3"), CancellationToken.None)).Kind);
        Assert.Equal(["a-1", "a-3"], _sim.Transactions.Select(o => o.MerchantReference));
    }

    [Fact]
    public async Task SeededRates_AreReproducible()
    {
        async Task<string> RunAsync()
        {
            await using var sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 42, timeProvider: new FakeTimeProvider(Start));
            var options = Options(sim.BaseAddress, notificationId: null);
            using var adapter = new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options));
            await adapter.InitiateAsync(Order(reference: "warm-1"), CancellationToken.None);
            sim.Fail503(0.5);
            var kinds = new List<OutcomeKind>();
            for (var i = 0; i < 12; i++)
            {
                kinds.Add((await adapter.InitiateAsync(Order(reference: $"r-{i}"), CancellationToken.None)).Kind);
            }

            return string.Join(",", kinds) + "|" + string.Join(",", sim.Transactions.Select(o => o.OrderTrackingId));
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(nameof(OutcomeKind.NotProcessed), first, StringComparison.Ordinal);
        Assert.Contains(nameof(OutcomeKind.ActionRequired), first, StringComparison.Ordinal);
    }
}
