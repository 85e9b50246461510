using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>PaymentGateway + AirtelMoneyPaymentProvider + AirtelMoneySimulator over real HTTP; gateway, adapter and simulator share a fake clock.</summary>
public sealed class EndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(AirtelStub.Start);
    private readonly AirtelMoneySimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly AirtelMoneyPaymentProvider _provider;
    private readonly AirtelMoneyCallbackHandler _handler;
    private readonly PaymentGateway _gateway;

    public EndToEndTests()
    {
        _sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 9, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/airtel/callback") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/airtel/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _provider = Provider(_sim.BaseAddress, _time, TimeSpan.FromSeconds(2));
        _handler = new AirtelMoneyCallbackHandler(_provider);
        _gateway = new PaymentGateway([_provider], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _provider.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private static PaymentRequest Payment(string phone = AirtelNumber, string key = "park-001") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200),
        Instruments = [PaymentInstrument.MobileMoney(phone)],
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private async Task<PaymentCallback> NextCallbackAsync()
    {
        await _sim.WhenCallbacksSentAsync();
        var message = _receiver.LogEntries[^1].RequestMessage!;
        return new PaymentCallback { Body = Encoding.UTF8.GetBytes(message.Body!) };
    }

    private Task<int> ReconcileAsync() =>
        new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance).RunOnceAsync();

    [Fact]
    public async Task PayAsync_ChargeThenNoReply_UnknownResolvedByEnquiryWithoutASecondCharge()
    {
        _sim.ChargeThenNoReply();
        _sim.LoseCallbacks();
        var first = await _gateway.PayAsync(Payment());
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);

        _sim.ClearFaults();
        _time.Advance(_sim.PayerDelay); // the payer approved the prompt that did go out
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await ReconcileAsync());

        var final = await _gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Single(final.Attempts);
        Assert.Single(_sim.Charges);
        Assert.Equal(1, _sim.CollectionRequests);
        Assert.Equal(final.Attempts.Single().Reference, _sim.Charges.Single().MerchantReference);
    }

    [Fact]
    public async Task PayAsync_PendingThenCallbackConfirmedByEnquiry_SucceedsOnceAndDuplicateChangesNothing()
    {
        _sim.DuplicateCallbacks();
        var pending = await _gateway.PayAsync(Payment());
        Assert.Equal(PaymentStatus.Pending, pending.Status);

        _time.Advance(_sim.PayerDelay);
        var callback = await NextCallbackAsync();
        Assert.Equal(2, _receiver.LogEntries.Count);

        var result = await _handler.HandleAsync(callback, CancellationToken.None);
        var update = Assert.Single(result.Updates);
        Assert.Equal(ProviderUpdateDisposition.Applied, (await _gateway.ApplyProviderUpdateAsync(update)).Disposition);
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status);

        var again = await _handler.HandleAsync(callback, CancellationToken.None);
        Assert.Equal(ProviderUpdateDisposition.Unchanged, (await _gateway.ApplyProviderUpdateAsync(Assert.Single(again.Updates))).Disposition);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task PayAsync_ForgedSuccessCallbackBeforeThePayerActs_ChangesNothing()
    {
        var pending = await _gateway.PayAsync(Payment());
        var reference = pending.Attempts.Single().Reference;
        var forged = $$$"""{"transaction":{"id":"{{{reference}}}","message":"Paid","status_code":"TS","airtel_money_id":"MP000000.0000.FORGED"}}""";

        var result = await _handler.HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(forged) }, CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(PaymentStatus.Pending, (await _gateway.GetAsync("park-001"))!.Status);
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task PayAsync_ForgedCallbackNamingTheVictimsIdWithAnotherAirtelMoneyId_OnlyAirtelsEnquiryCounts()
    {
        _sim.LoseCallbacks();
        var pending = await _gateway.PayAsync(Payment());
        var reference = pending.Attempts.Single().Reference;
        _time.Advance(_sim.PayerDelay); // the victim pays: Airtel records its own airtel_money_id
        var forged = $$$"""{"transaction":{"id":"{{{reference}}}","message":"Failed","status_code":"TF","airtel_money_id":"MP000000.0000.FORGED"},"hash":"AAAA"}""";

        var result = await _handler.HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(forged) }, CancellationToken.None);
        var update = Assert.Single(result.Updates);
        Assert.Equal(ProviderUpdateDisposition.Applied, (await _gateway.ApplyProviderUpdateAsync(update)).Disposition);

        var final = await _gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status); // not Declined: the enquiry decides
        var charge = Assert.Single(_sim.Charges);
        Assert.Equal(charge.Receipt, final.Receipt);
        Assert.NotEqual("MP000000.0000.FORGED", final.Receipt);
    }

    [Fact]
    public async Task PayAsync_PayerDeclines_DeclinedByEnquiryWithoutFailover()
    {
        _sim.Decline("DP00800001007");
        _sim.LoseCallbacks();
        Assert.Equal(PaymentStatus.Pending, (await _gateway.PayAsync(Payment())).Status);

        _time.Advance(_sim.PayerDelay);
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync();

        var final = await _gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Declined, final!.Status);
        Assert.Single(final.Attempts);
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task PayAsync_AirtelDown_NotProcessedQueuedWithoutCharging()
    {
        _sim.Down();
        var result = await _gateway.PayAsync(Payment());
        Assert.Equal(OutcomeKind.NotProcessed, result.Attempts.Single().Outcome);
        Assert.Equal(PaymentStatus.Queued, result.Status);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task PayAsync_SafaricomNumber_IsNeverSentToAirtel()
    {
        var result = await _gateway.PayAsync(Payment("0712345678"));
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Empty(result.Attempts);
        Assert.Equal(0, _sim.CollectionRequests);
    }

    [Fact]
    public async Task PayAsync_503AfterSend_FailsOverOnlyAfterEnquirySettlesNotFound()
    {
        var backup = new FakePaymentProvider("backup", timeProvider: _time);
        var options = new PaymentGatewayOptions { InstanceName = "test" };
        options.FailoverOrder.Add("airtel");
        options.FailoverOrder.Add("backup");
        using var gateway = new PaymentGateway([_provider, backup], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(options), _time, NullLoggerFactory.Instance);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        await _provider.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // token cached before the outage

        _sim.Fail503();
        var first = await gateway.PayAsync(Payment());
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);
        _sim.ClearFaults();

        _time.Advance(options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync(); // "not found", but too soon to believe it: still Pending, no failover
        Assert.Equal(PaymentStatus.Pending, (await gateway.GetAsync("park-001"))!.Status);
        Assert.Empty(backup.Charges);

        // Believed NotFoundSettleTime (3 min) after the request was last possibly in flight (the 30 s attempt timeout).
        _time.Advance(TimeSpan.FromMinutes(4));
        await reconciler.RunOnceAsync();

        var final = await gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal(["airtel", "backup"], final.Attempts.Select(a => a.Provider));
        Assert.Single(backup.Charges);
        Assert.Empty(_sim.Charges);
    }

    /// <summary>The county sample's Airtel settings: an attempt timeout of 5 s and an 8 s "not found" settle window.</summary>
    private (PaymentGateway Gateway, PaymentReconciliationWorker Reconciler, AirtelMoneyPaymentProvider Airtel) CountyGateway(FakePaymentProvider backup)
    {
        var options = new PaymentGatewayOptions { InstanceName = "county" };
        options.FailoverOrder.Add("airtel");
        options.FailoverOrder.Add("backup");
        options.Providers["airtel"] = new ProviderResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(5) };
        options.Reconciliation.FirstCheckDelay = TimeSpan.FromSeconds(2.5);
        options.Reconciliation.MaxDelay = TimeSpan.FromSeconds(3);
        var airtelOptions = Options(_sim.BaseAddress, TimeSpan.FromSeconds(1));
        airtelOptions.NotFoundSettleTime = TimeSpan.FromSeconds(8);
        var airtel = new AirtelMoneyPaymentProvider(new System.Net.Http.HttpClient(), Microsoft.Extensions.Options.Options.Create(airtelOptions), _time);
        var gateway = new PaymentGateway([airtel, backup], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(options), _time, NullLoggerFactory.Instance);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        return (gateway, reconciler, airtel);
    }

    [Fact]
    public async Task PayAsync_AirtelQueueHoldsTheCollectionPastTheAttemptTimeout_NotFoundIsNotBelievedAndThePayerIsChargedOnce()
    {
        // Issue 11 part 4, the county run: Airtel's queue held the request, the reconciler heard "no such transaction" 9.8 s after
        // the attempt started (past the 8 s window), the gateway charged the payer elsewhere, and Airtel's charge landed at 12 s.
        var backup = new FakePaymentProvider("backup", timeProvider: _time);
        var (gateway, reconciler, airtel) = CountyGateway(backup);
        using (gateway)
        using (airtel)
        {
            await airtel.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None); // the token is cached before the overload
            _sim.PayerDelay = TimeSpan.FromSeconds(2);
            _sim.LoseCallbacks();
            _sim.QueueThenProcess(TimeSpan.FromSeconds(12));

            var first = await gateway.PayAsync(Payment());
            Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);
            Assert.Equal(1, _sim.QueuedCollections);
            _sim.ClearFaults();

            _time.Advance(TimeSpan.FromSeconds(9.8));
            await reconciler.RunOnceAsync(); // "not found" 9.8 s after the start: Airtel may still hold the request
            var waiting = await gateway.GetAsync("park-001");
            Assert.Equal(PaymentStatus.Pending, waiting!.Status);
            Assert.Single(waiting.Attempts);
            Assert.Empty(backup.Charges);

            _time.Advance(TimeSpan.FromSeconds(2.2)); // 12 s: Airtel's queue lets the request through; the payer gets the prompt
            Assert.Equal("TIP", Assert.Single(_sim.Transactions).Status);
            _time.Advance(_sim.PayerDelay);
            await reconciler.RunOnceAsync();

            var final = await gateway.GetAsync("park-001");
            Assert.Equal(PaymentStatus.Succeeded, final!.Status);
            Assert.Equal(["airtel"], final.Attempts.Select(a => a.Provider));
            Assert.Single(_sim.Charges);
            Assert.Empty(backup.Charges);
        }
    }

    [Fact]
    public async Task PayAsync_AirtelQueueHoldsLongerThanTheSettleWindow_RetryReusesTheReferenceAndTheLateArrivalIsRefused()
    {
        var backup = new FakePaymentProvider("backup", timeProvider: _time).Otherwise(FakeBehavior.NotProcessed("backup down"));
        var (gateway, reconciler, airtel) = CountyGateway(backup);
        using (gateway)
        using (airtel)
        {
            await airtel.QueryStatusAsync(Status("warm-up-1"), CancellationToken.None);
            _sim.PayerDelay = TimeSpan.FromSeconds(2);
            _sim.LoseCallbacks();
            var start = _time.GetUtcNow();
            _sim.During(start, start + TimeSpan.FromSeconds(1), s => s.QueueThenProcess(TimeSpan.FromMinutes(1))); // held a whole minute

            var first = await gateway.PayAsync(Payment());
            var reference = first.Attempts.Single().Reference;
            Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);

            _time.Advance(TimeSpan.FromSeconds(14)); // past 5 s in flight + 8 s settle: "not found" is believed
            await reconciler.RunOnceAsync();
            var retried = await gateway.GetAsync("park-001");
            Assert.Equal(["airtel", "backup", "airtel"], retried!.Attempts.Select(a => a.Provider));
            Assert.Equal(reference, retried.Attempts[^1].Reference); // the retry on Airtel re-sends the same transaction.id
            Assert.Equal(OutcomeKind.Pending, retried.Attempts[^1].Outcome);

            _time.Advance(TimeSpan.FromSeconds(3)); // the payer approves; the reconciler's next check is due
            await reconciler.RunOnceAsync();
            Assert.Equal(PaymentStatus.Succeeded, (await gateway.GetAsync("park-001"))!.Status);

            _time.Advance(TimeSpan.FromMinutes(1)); // the first request finally leaves Airtel's queue: refused as a duplicate id
            _time.Advance(_sim.PayerDelay);
            Assert.Equal(0, _sim.QueuedCollections);
            var transaction = Assert.Single(_sim.Transactions);
            Assert.Equal(1, transaction.Resends);
            Assert.Single(_sim.Charges);
            Assert.Empty(backup.Charges);
            Assert.Equal(PaymentStatus.Succeeded, (await gateway.GetAsync("park-001"))!.Status);
        }
    }
}
