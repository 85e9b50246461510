using System.Net.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators.Mpesa;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>PaymentGateway + DarajaPaymentProvider + DarajaSimulator over real loopback HTTP.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DarajaSimulator _sim;
    private readonly WireMockServer _callbacks; // the merchant's callback endpoint
    private readonly DarajaPaymentProvider _provider;
    private readonly FakePaymentProvider _fallback;
    private readonly PaymentGatewayOptions _options;
    private readonly PaymentGateway _gateway;
    private readonly DarajaCallbackParser _parser = new("mpesa");

    public EndToEndTests()
    {
        _sim = new DarajaSimulator(seed: 7, timeProvider: _time) { NoReplyDelay = TimeSpan.FromSeconds(30) };
        _callbacks = WireMockServer.Start();
        _callbacks.Given(Request.Create().WithPath("/mpesa/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _provider = new DarajaPaymentProvider(
            new HttpClient { BaseAddress = _sim.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }, // generous: a loaded machine must not turn answers into timeouts
            Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(_sim.BaseAddress, o => o.CallbackUrl = new Uri(_callbacks.Urls![0] + "/mpesa/callback"))),
            _time);
        _fallback = new FakePaymentProvider("paystack", timeProvider: _time);
        _fallback.Otherwise(FakeBehavior.Succeed());
        _options = new PaymentGatewayOptions { InstanceName = "test" };
        _options.FailoverOrder.Add("mpesa");
        _options.FailoverOrder.Add("paystack");
        _gateway = new PaymentGateway([_provider, _fallback], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);
    }

    [Fact]
    public async Task Payment_GoesPending_PayerApproves_ConfirmedCallbackSucceeds_ExactlyOneCharge()
    {
        var pending = await _gateway.PayAsync(Payment("e2e-1"));
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.Equal("mpesa", pending.Provider);
        Assert.StartsWith("ws_CO_", pending.ProviderReference, StringComparison.Ordinal);

        _time.Advance(_sim.PayerDelay); // the payer enters the PIN
        await _sim.WhenCallbacksSentAsync();

        var confirmed = await HandleOnlyCallbackAsync(_provider); // through the handler, with the CallBackURL's signed attempt
        Assert.NotNull(confirmed);
        Assert.True(confirmed.AttemptVerified);
        var applied = await _gateway.ApplyProviderUpdateAsync(confirmed);

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        var charge = Assert.Single(_sim.Charges);
        Assert.Equal(charge.Receipt, applied.Payment.Receipt);
        Assert.Equal(100m, charge.Amount);
        Assert.Equal(pending.ProviderReference, charge.ProviderReference);
        Assert.Empty(_fallback.Requests);
    }

    [Fact]
    public async Task DuplicateCallback_ChangesNothingTwice()
    {
        _sim.DuplicateCallbacks(1);
        await _gateway.PayAsync(Payment("e2e-dup"));
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var bodies = CallbackBodies();
        Assert.Equal(2, bodies.Count);
        var dispositions = new List<ProviderUpdateDisposition>();
        foreach (var body in bodies)
        {
            Assert.True(_parser.TryParse(body, out var update, out _));
            var confirmed = await _provider.ConfirmAsync(update!);
            dispositions.Add((await _gateway.ApplyProviderUpdateAsync(confirmed!)).Disposition);
        }

        Assert.Equal([ProviderUpdateDisposition.Applied, ProviderUpdateDisposition.Unchanged], dispositions);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task ForgedSuccessCallback_IsNotConfirmed_WhileThePayerHasNotActed()
    {
        var pending = await _gateway.PayAsync(Payment("e2e-forged"));
        var forged = CallbackParserTests.Success.Replace("ws_CO_191220191020363925", pending.ProviderReference, StringComparison.Ordinal);
        Assert.True(_parser.TryParse(forged, out var update, out _));

        Assert.Null(await _provider.ConfirmAsync(update!)); // the STK query says "being processed"
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task PayerCancels_ConfirmedCallback_IsDeclined_NoFailover()
    {
        _sim.Decline("1032");
        await _gateway.PayAsync(Payment("e2e-cancel"));
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var confirmed = await _provider.ConfirmAsync(ParseOnlyCallback());
        var applied = await _gateway.ApplyProviderUpdateAsync(confirmed!);

        Assert.Equal(PaymentStatus.Declined, applied.Payment!.Status);
        Assert.Equal("1032", applied.Payment.DeclineCode);
        Assert.Empty(_sim.Charges);
        Assert.Empty(_fallback.Requests);
    }

    [Fact]
    public async Task LostCallback_IsResolvedByTheReconcilersStkQuery()
    {
        _sim.LoseCallbacks(1);
        var reconciler = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        await _gateway.PayAsync(Payment("e2e-lost"));

        _time.Advance(_options.Reconciliation.FirstCheckDelay + TimeSpan.FromSeconds(1));
        await reconciler.RunOnceAsync();

        var result = await _gateway.GetAsync("e2e-lost");
        Assert.Equal(PaymentStatus.Succeeded, result!.Status);
        Assert.Equal(0, _sim.CallbacksSent);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task SpikeArrest_IsNotProcessed_AndFailsOverToTheNextProvider()
    {
        _sim.RateLimited(1);
        var result = await _gateway.PayAsync(Payment("e2e-spike"));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("paystack", result.Provider);
        Assert.Equal("500.003.02", result.Attempts[0].Code);
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task SimulatorDown_ConnectionRefused_FailsOver_ThenUpAgainServes()
    {
        _sim.Down();
        var first = await _gateway.PayAsync(Payment("e2e-down"));
        Assert.Equal("paystack", first.Provider);

        _sim.Up();
        var second = await _gateway.PayAsync(Payment("e2e-up"));
        Assert.Equal(PaymentStatus.Pending, second.Status);
        Assert.Equal("mpesa", second.Provider);
    }

    [Fact]
    public async Task ChargeThenNoReply_IsNotFailedOver_AndItsLateCallbackSettlesItByTheAttemptInTheUrl()
    {
        _sim.ChargeThenNoReply(1);
        using var provider = ShortTimeoutProvider();
        using var gateway = new PaymentGateway([provider, _fallback], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);

        var result = await gateway.PayAsync(Payment("e2e-noreply"));
        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(OutcomeKind.Unknown, Assert.Single(result.Attempts).Outcome);
        Assert.Null(result.ProviderReference);

        await WaitForAsync(() => _sim.PromptsSent == 1); // under load the push may reach the simulator after the client gave up
        _time.Advance(_sim.PayerDelay); // the payer approves: the money moved
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_sim.Charges);

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(_options.Reconciliation.MaxDelay + TimeSpan.FromSeconds(1));
            await reconciler.RunOnceAsync();
        }

        var after = await gateway.GetAsync("e2e-noreply");
        Assert.False(after!.IsFinal);
        Assert.Single(after.Attempts); // never failed over: that would charge the customer twice
        Assert.Empty(_fallback.Requests);

        // The late callback names a CheckoutRequestID the gateway never learnt; the CallBackURL it came to names the attempt, signed.
        var entry = Assert.Single(_callbacks.LogEntries).RequestMessage!;
        Assert.Equal(result.Attempts[0].Reference, entry.Query![DarajaPaymentProvider.AttemptQueryParameter].Single());
        var confirmed = await HandleOnlyCallbackAsync(provider);
        Assert.True(confirmed!.AttemptVerified);
        Assert.Equal(Money.Kes(100), confirmed.Outcome.Amount); // a late reference is bound only with its amount, checked by the gateway
        var applied = await gateway.ApplyProviderUpdateAsync(confirmed);

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        Assert.Equal(_sim.Charges[0].ProviderReference, applied.Payment.ProviderReference);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task ChargeThenNoReplyAndLostCallback_IsSettledFromTheStatement_WithoutASecondCharge()
    {
        using var provider = ShortTimeoutProvider(statement: true);
        using var gateway = new PaymentGateway([provider, _fallback], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        _sim.ChargeThenNoReply(1).LoseCallbacks(1);

        var result = await gateway.PayAsync(Payment("e2e-statement"));
        Assert.Equal(OutcomeKind.Unknown, Assert.Single(result.Attempts).Outcome);
        await WaitForAsync(() => _sim.PromptsSent == 1);
        _time.Advance(_sim.PayerDelay); // the payer approves; the callback is lost
        await _sim.WhenCallbacksSentAsync();
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync();

        var after = await gateway.GetAsync("e2e-statement");
        Assert.Equal(PaymentStatus.Succeeded, after!.Status);
        var charge = Assert.Single(_sim.Charges);
        Assert.Equal(charge.Receipt, after.Receipt);
        Assert.Empty(_fallback.Requests);
        Assert.True(_sim.PullTransactionsRequests >= 1);
    }

    [Fact]
    public async Task ChargeThenNoReplyAndPayerNeverPays_FailsOverOnlyAfterTheStatementSettles()
    {
        using var provider = ShortTimeoutProvider(statement: true);
        var store = new InMemoryPaymentStore();
        using var gateway = new PaymentGateway([provider, _fallback], store, Microsoft.Extensions.Options.Options.Create(_options), _time);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        _sim.Slow(TimeSpan.FromSeconds(5)); // no reply within the client's 1 s timeout: Unknown, no CheckoutRequestID
        _sim.Decline("1037"); // and the payer never answers the prompt: no charge will ever appear in the statement

        var result = await gateway.PayAsync(Payment("e2e-unpaid"));
        Assert.Equal(OutcomeKind.Unknown, Assert.Single(result.Attempts).Outcome);

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync();
        Assert.Single((await gateway.GetAsync("e2e-unpaid"))!.Attempts); // statement not settled yet: no failover
        Assert.Empty(_fallback.Requests);

        _time.Advance(TimeSpan.FromMinutes(4));
        await _sim.WhenCallbacksSentAsync();
        await reconciler.RunOnceAsync();

        var after = await gateway.GetAsync("e2e-unpaid");
        Assert.Equal(PaymentStatus.Succeeded, after!.Status);
        Assert.Equal("paystack", after.Provider);
        Assert.Empty(_sim.Charges);
        Assert.Single(_fallback.Charges);
    }

    [Fact]
    public async Task SimulatorFaults_AreSeededAndDeterministic()
    {
        async Task<List<OutcomeKind>> RunAsync()
        {
            var time = new FakeTimeProvider(Start);
            await using var sim = new DarajaSimulator(seed: 99, timeProvider: time);
            sim.RateLimited(0.5);
            using var provider = DarajaTestKit.Provider(sim.BaseAddress, time);
            var kinds = new List<OutcomeKind>();
            for (var i = 1; i <= 12; i++)
            {
                kinds.Add((await provider.InitiateAsync(DarajaTestKit.Request(attempt: i), CancellationToken.None)).Kind);
            }

            return kinds;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(OutcomeKind.NotProcessed, first);
        Assert.Contains(OutcomeKind.Pending, first);
    }

    [Fact]
    public async Task During_LimitsAFaultToItsWindow()
    {
        _sim.During(Start.AddMinutes(1), Start.AddMinutes(2), s => s.RateLimited());
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time);

        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 1), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None)).Kind);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 3), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Simulator_RevokedToken_IsRefreshedOnce()
    {
        var warmUpTokens = _sim.TokenRequests;
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time);
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 1), CancellationToken.None)).Kind);

        _sim.InvalidateTokens();
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None)).Kind);
        Assert.Equal(warmUpTokens + 2, _sim.TokenRequests);
        Assert.Equal(3, _sim.StkPushRequests);
    }

    [Fact]
    public async Task Simulator_RejectsAWrongPasskey()
    {
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time, configure: o => o.Passkey = "wrong");

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("500.001.1001", outcome.Code); // Daraja's answer to a Password that does not match: "Wrong credentials"
        Assert.Contains("Wrong credentials", outcome.Reason, StringComparison.Ordinal);
    }

    /// <summary>Warms WireMock up (JIT, Kestrel) so that the short HTTP timeout measures the simulator, not the first request's start-up.</summary>
    public async ValueTask InitializeAsync()
    {
        using var http = new HttpClient();
        using var token = await http.GetAsync(new Uri(_sim.BaseAddress, "oauth/v1/generate?grant_type=client_credentials"));
        using var query = await http.PostAsync(new Uri(_sim.BaseAddress, "mpesa/stkpushquery/v1/query"), new StringContent("{}"));
        using var callback = await http.GetAsync(new Uri(_callbacks.Urls![0] + "/warm-up"));
        _callbacks.ResetLogEntries();
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _provider.Dispose();
        await _sim.DisposeAsync();
        _callbacks.Dispose();
    }

    /// <summary>
    /// An adapter that gives up on the STK push after 1 s, for the tests where the simulator holds that reply back; its token, query
    /// and statement requests keep 15 s, so a loaded machine cannot turn them into timeouts (a timed-out token request once made
    /// the push "never sent" and failed it over).
    /// </summary>
    /// <param name="statement">Whether the adapter reconciles unanswered pushes against the statement (settled after 3 minutes).</param>
    private DarajaPaymentProvider ShortTimeoutProvider(bool statement = false) => new(
        HeldReplyTimeoutHandler.Client(_sim.BaseAddress, "/mpesa/stkpush/v1/processrequest"),
        Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(_sim.BaseAddress, o =>
        {
            o.CallbackUrl = new Uri(_callbacks.Urls![0] + "/mpesa/callback");
            o.UsePullTransactions = statement;
            o.StatementSettleTime = TimeSpan.FromMinutes(3);
        })),
        _time);

    private static PaymentRequest Payment(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(100),
        Instruments = [new MobileMoneyInstrument(PhoneNumber.Parse("0712345678"))],
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    private List<string> CallbackBodies() =>
        _callbacks.LogEntries.Select(e => e.RequestMessage!.Body!).ToList();

    private string ParseOnlyCallbackBody() => Assert.Single(CallbackBodies());

    /// <summary>Runs the only callback the merchant's endpoint received (its URL's query and body, as sent over HTTP) through the handler.</summary>
    private async Task<ProviderUpdate?> HandleOnlyCallbackAsync(DarajaPaymentProvider provider)
    {
        var handler = new DarajaCallbackHandler(_parser, provider);
        var result = await handler.HandleAsync(DarajaTestKit.ToCallback(Assert.Single(_callbacks.LogEntries).RequestMessage!), CancellationToken.None);
        return result.Updates.SingleOrDefault();
    }

    private ProviderUpdate ParseOnlyCallback()
    {
        Assert.True(_parser.TryParse(ParseOnlyCallbackBody(), out var update, out var error), error);
        return update!;
    }
}
