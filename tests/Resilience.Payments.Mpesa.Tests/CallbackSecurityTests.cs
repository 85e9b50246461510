using System.Net.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators.Mpesa;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// Issue 11 parts 2, 3 and 7 for Daraja, over real HTTP: the CallBackURL's attempt is used only with the token the library signed
/// for it; forged callbacks never bind another transaction to an attempt; amounts come only from trusted sources and a wrong
/// amount is never a success; replayed callbacks cost at most a couple of STK queries.
/// </summary>
public sealed class CallbackSecurityTests : IAsyncLifetime
{
    private const string OldKey = "old-callback-signing-key-0123456789-abcdef";
    private const string NewKey = "new-callback-signing-key-0123456789-abcdef";
    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DarajaSimulator _sim;
    private readonly WireMockServer _callbacks; // the merchant's callback endpoint
    private readonly FakePaymentProvider _fallback;
    private readonly PaymentGatewayOptions _options;

    public CallbackSecurityTests()
    {
        _sim = new DarajaSimulator(seed: 5, timeProvider: _time) { NoReplyDelay = TimeSpan.FromSeconds(30) };
        _callbacks = WireMockServer.Start();
        _callbacks.Given(Request.Create().WithPath("/mpesa/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _fallback = new FakePaymentProvider("paystack", timeProvider: _time);
        _fallback.Otherwise(FakeBehavior.Succeed());
        _options = new PaymentGatewayOptions { InstanceName = "test" };
        _options.FailoverOrder.Add("mpesa");
        _options.FailoverOrder.Add("paystack");
    }

    public enum Forgery
    {
        NoToken,
        WrongToken,
        TokenOfAnotherAttempt,
        AlteredAttempt,
        TokenUnderAnotherKey,
    }

    [Fact]
    public async Task HandleAsync_GenuineToken_VerifiesTheAttempt_AndReportsTheCallbacksAmountPayerAndTime()
    {
        using var provider = Provider();
        var pushed = await provider.InitiateAsync(DarajaTestKit.Request(attempt: 1) with { AttemptReference = "pay-1-1-kq3vd8xa" }, CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, pushed.Kind);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        var update = await HandleAsync(provider, DarajaTestKit.ToCallback(OnlyCallback()));

        Assert.NotNull(update);
        Assert.Equal("pay-1-1-kq3vd8xa", update.AttemptReference);
        Assert.True(update.AttemptVerified);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(Money.Kes(100), update.Outcome.Amount);
        Assert.Equal("254712345678", update.Outcome.Payer);
        Assert.Equal(Start + _sim.PayerDelay, update.Outcome.OccurredAt); // TransactionDate, Nairobi time, read as an instant
        Assert.Equal(_sim.Charges[0].Receipt, update.Outcome.Receipt);
    }

    [Theory]
    [InlineData(Forgery.NoToken)]
    [InlineData(Forgery.WrongToken)]
    [InlineData(Forgery.TokenOfAnotherAttempt)]
    [InlineData(Forgery.AlteredAttempt)]
    [InlineData(Forgery.TokenUnderAnotherKey)]
    public async Task HandleAsync_ForgedAttempt_IsIgnored_AndTheBodysClaimsAreNotUsed(Forgery forgery)
    {
        using var provider = Provider();
        await provider.InitiateAsync(DarajaTestKit.Request() with { AttemptReference = "victim-1-ab12cd34" }, CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var genuine = DarajaTestKit.ToCallback(OnlyCallback());
        var token = genuine.Query[DarajaPaymentProvider.AttemptTokenQueryParameter];
        var (attempt, forgedToken) = forgery switch
        {
            Forgery.NoToken => ("victim-1-ab12cd34", (string?)null),
            Forgery.WrongToken => ("victim-1-ab12cd34", new string('A', 43)),
            Forgery.TokenOfAnotherAttempt => ("victim-1-ab12cd34", Sign(DarajaTestKit.SigningKey, "attacker-1-zz99yy88")),
            Forgery.AlteredAttempt => ("victim-1-ab12cd35", token),
            _ => ("victim-1-ab12cd34", Sign(NewKey, "victim-1-ab12cd34")),
        };
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [DarajaPaymentProvider.AttemptQueryParameter] = attempt };
        if (forgedToken is not null)
        {
            query[DarajaPaymentProvider.AttemptTokenQueryParameter] = forgedToken;
        }

        var result = await new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider).HandleAsync(
            new PaymentCallback { Body = genuine.Body, Query = query }, CancellationToken.None);

        var update = Assert.Single(result.Updates); // the STK query confirms the transaction's own outcome...
        Assert.Null(update.AttemptReference); // ...but the URL's attempt is ignored: found only by a CheckoutRequestID an attempt holds
        Assert.False(update.AttemptVerified);
        Assert.Null(update.Outcome.Amount); // and what only the body claims is not used
        Assert.Null(update.Outcome.Payer);
        Assert.Null(update.Outcome.OccurredAt);
        Assert.Contains("ignored", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_KeyRotation_AcceptsTokensSignedWithTheOldKeyWhileListed()
    {
        using var before = Provider(OldKey); // pushes sent before the rotation carry tokens under the old key
        await before.InitiateAsync(DarajaTestKit.Request() with { AttemptReference = "pay-1-1-rot4te01" }, CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var callback = DarajaTestKit.ToCallback(OnlyCallback());

        using var rotated = Provider(NewKey, OldKey);
        using var oldKeyRemoved = Provider(NewKey);
        var accepted = await HandleAsync(rotated, callback);
        var refused = await HandleAsync(oldKeyRemoved, callback);

        Assert.True(accepted!.AttemptVerified);
        Assert.Equal("pay-1-1-rot4te01", accepted.AttemptReference);
        Assert.False(refused!.AttemptVerified);
        Assert.Null(refused.AttemptReference);
        Assert.True(Provider(NewKey, OldKey) is { } signer && signer.IsGenuineAttempt("x", Sign(NewKey, "x"))); // the first key signs
    }

    [Theory]
    [InlineData("1032")] // bound to the victim, the payment would be Declined although the payer paid
    [InlineData("1025")] // bound to the victim, the gateway would fail over and prompt again: two charges
    public async Task ForgedCallback_NamingAVictimsLostPush_WithAnotherRealCheckoutRequestId_NeitherDeclinesNorFailsOver(string code)
    {
        using var shortTimeout = Provider(timeout: TimeSpan.FromSeconds(1)); // gives up on the held push reply alone
        using var provider = Provider(); // the same keys, generous: a loaded machine must not turn answers into timeouts
        using var gateway = Gateway(shortTimeout);
        var reconciler = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);

        // The victim's STK push reaches M-Pesa but its reply is lost: no CheckoutRequestID.
        _sim.ChargeThenNoReply();
        var victim = await gateway.PayAsync(Payment("victim"));
        Assert.Equal(OutcomeKind.Unknown, Assert.Single(victim.Attempts).Outcome);
        await WaitForAsync(() => _sim.PromptsSent == 1);
        _sim.ClearFaults();

        // Another real transaction on the same short code (the attacker's own), which ends with the code the attacker wants.
        _sim.Decline(code);
        var other = await provider.InitiateAsync(
            DarajaTestKit.Request(phone: "0722000111") with { PaymentKey = "attacker", AttemptReference = "attacker-1-q8w7e6r5" },
            CancellationToken.None);
        _time.Advance(_sim.PayerDelay); // the victim pays; the attacker's prompt ends with the code
        await _sim.WhenCallbacksSentAsync();
        var victimCharge = Assert.Single(_sim.Charges);
        var attackerCallback = DarajaTestKit.ToCallback(CallbackFor("attacker-1-q8w7e6r5"));

        // The forged callback: the attacker's real CheckoutRequestID and result, posted to a URL naming the victim's attempt, with
        // no token and with the attacker's own genuine token.
        foreach (var token in new[] { null, attackerCallback.Query[DarajaPaymentProvider.AttemptTokenQueryParameter] })
        {
            var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [DarajaPaymentProvider.AttemptQueryParameter] = victim.Attempts[0].Reference };
            if (token is not null)
            {
                query[DarajaPaymentProvider.AttemptTokenQueryParameter] = token;
            }

            var forged = await HandleAsync(provider, new PaymentCallback { Body = attackerCallback.Body, Query = query });
            Assert.Equal(other.ProviderReference, forged!.ProviderReference);
            Assert.Equal(code, forged.Outcome.Code); // the STK query confirms the attacker's transaction...
            var applied = await gateway.ApplyProviderUpdateAsync(forged);
            Assert.Equal(ProviderUpdateDisposition.UnknownReference, applied.Disposition); // ...but it belongs to no attempt
        }

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(_options.Reconciliation.MaxDelay + TimeSpan.FromSeconds(1));
            await reconciler.RunOnceAsync();
        }

        var after = await gateway.GetAsync("victim");
        Assert.NotEqual(PaymentStatus.Declined, after!.Status);
        Assert.Single(after.Attempts); // no failover, no second prompt
        Assert.Empty(_fallback.Requests);
        Assert.Equal(2, _sim.PromptsSent); // the victim's and the attacker's, nothing more

        // The victim's genuine (signed) callback still settles the payment.
        var genuine = await HandleAsync(provider, DarajaTestKit.ToCallback(CallbackFor(victim.Attempts[0].Reference)));
        var settled = await gateway.ApplyProviderUpdateAsync(genuine!);
        Assert.Equal(PaymentStatus.Succeeded, settled.Payment!.Status);
        Assert.Equal(victimCharge.ProviderReference, settled.Payment.ProviderReference);
        Assert.Equal(victimCharge.Receipt, settled.Payment.Receipt);
    }

    [Theory]
    [InlineData(false, 50)] // the attempt holds its CheckoutRequestID
    [InlineData(true, 50)] // the push's reply was lost: the signed callback brings the CheckoutRequestID
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    public async Task SignedCallback_ReportingAnUnderOrWrongAmount_IsNeverSucceeded_TheMismatchIsRecorded(bool replyLost, int paid)
    {
        using var provider = Provider(timeout: replyLost ? TimeSpan.FromSeconds(1) : null);
        using var gateway = Gateway(provider);
        if (replyLost)
        {
            _sim.ChargeThenNoReply();
        }

        _sim.PaidAmount = paid;
        var payment = await gateway.PayAsync(Payment("under"));
        await WaitForAsync(() => _sim.PromptsSent == 1);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.Equal(paid, Assert.Single(_sim.Charges).Amount);

        using var confirmer = Provider(); // the same keys, generous timeout for the STK query
        var update = await HandleAsync(confirmer, DarajaTestKit.ToCallback(CallbackFor(payment.Attempts[0].Reference)));
        await gateway.ApplyProviderUpdateAsync(update!);

        var after = await gateway.GetAsync("under");
        Assert.NotEqual(PaymentStatus.Succeeded, after!.Status);
        var mismatch = Assert.Single(after.Attempts).Mismatch;
        Assert.NotNull(mismatch);
        Assert.Equal(Money.Kes(paid), mismatch.ReportedAmount);
        Assert.Empty(_fallback.Requests); // money moved: never failed over
    }

    [Fact]
    public async Task ForgedBodyWithoutToken_ReportingAnotherAmount_CannotMarkAGenuinePaymentAsMismatched()
    {
        using var provider = Provider();
        using var gateway = Gateway(provider);
        _sim.LoseCallbacks();
        var payment = await gateway.PayAsync(Payment("genuine"));
        _time.Advance(_sim.PayerDelay); // the payer pays KES 100; the genuine callback is lost
        await _sim.WhenCallbacksSentAsync();

        var forgedBody = CallbackParserTests.Success.Replace("ws_CO_191220191020363925", payment.ProviderReference, StringComparison.Ordinal); // claims KES 1
        var update = await HandleAsync(provider, DarajaTestKit.Callback(forgedBody, (DarajaPaymentProvider.AttemptQueryParameter, payment.Attempts[0].Reference)));
        var applied = await gateway.ApplyProviderUpdateAsync(update!);

        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status); // the STK query decides; the push's own KES 100 stands
        Assert.Null(applied.Payment.Attempts[0].Mismatch);
    }

    [Fact]
    public async Task HandleAsync_FiftyReplaysOfOneCallback_CostAtMostTwoStkQueries()
    {
        using var provider = Provider();
        await provider.InitiateAsync(DarajaTestKit.Request() with { AttemptReference = "pay-1-1-st0rm001" }, CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var callback = DarajaTestKit.ToCallback(OnlyCallback());
        var handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider);
        var before = _sim.StkQueryRequests;

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => handler.HandleAsync(callback, CancellationToken.None)));
        var sequential = new List<PaymentCallbackResult>();
        for (var i = 0; i < 25; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10)); // spread over minutes: a final answer is kept longer than a few seconds
            sequential.Add(await handler.HandleAsync(callback, CancellationToken.None));
        }

        Assert.InRange(_sim.StkQueryRequests - before, 1, 2);
        Assert.All(concurrent.Concat(sequential), r => Assert.Equal(OutcomeKind.Succeeded, Assert.Single(r.Updates).Outcome.Kind));
    }

    [Fact]
    public async Task HandleAsync_NonFinalAnswer_IsReusedOnlyForAFewSeconds()
    {
        using var provider = Provider();
        var pushed = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);
        var forged = DarajaTestKit.Callback(CallbackParserTests.Success.Replace("ws_CO_191220191020363925", pushed.ProviderReference, StringComparison.Ordinal));
        var handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider);
        var before = _sim.StkQueryRequests;

        for (var i = 0; i < 10; i++)
        {
            Assert.Empty((await handler.HandleAsync(forged, CancellationToken.None)).Updates); // "being processed": nothing applied
        }

        Assert.Equal(before + 1, _sim.StkQueryRequests);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty((await handler.HandleAsync(forged, CancellationToken.None)).Updates);
        Assert.Equal(before + 2, _sim.StkQueryRequests);
    }

    /// <summary>Warms WireMock up so that the short HTTP timeouts measure the simulator, not the first request's start-up.</summary>
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
        await _sim.DisposeAsync();
        _callbacks.Dispose();
    }

    private static string Sign(string key, string attempt) => new CallbackTokenSigner([key]).Sign("daraja-attempt", attempt);

    private static PaymentRequest Payment(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(100),
        Instruments = [new MobileMoneyInstrument(PhoneNumber.Parse("0712345678"))],
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    private static async Task<ProviderUpdate?> HandleAsync(DarajaPaymentProvider provider, PaymentCallback callback)
    {
        var result = await new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider).HandleAsync(callback, CancellationToken.None);
        return result.Updates.SingleOrDefault();
    }

    private const string StkPushPath = "/mpesa/stkpush/v1/processrequest";

    private DarajaPaymentProvider Provider(params string[] keys) => Provider(null, keys);

    private DarajaPaymentProvider Provider(TimeSpan? timeout, params string[] keys) => new(
        timeout is { } held ? HeldReplyTimeoutHandler.Client(_sim.BaseAddress, StkPushPath, held) : new HttpClient { BaseAddress = _sim.BaseAddress, Timeout = TimeSpan.FromSeconds(15) },
        Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(_sim.BaseAddress, o =>
        {
            o.CallbackUrl = new Uri(_callbacks.Urls![0] + "/mpesa/callback");
            if (keys.Length > 0)
            {
                o.CallbackSigningKeys.Clear();
                foreach (var key in keys)
                {
                    o.CallbackSigningKeys.Add(key);
                }
            }
        })),
        _time);

    private DarajaPaymentProvider Provider(TimeSpan timeout) => Provider((TimeSpan?)timeout);

    private PaymentGateway Gateway(DarajaPaymentProvider provider) =>
        new([provider, _fallback], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);

    private WireMock.IRequestMessage OnlyCallback() => Assert.Single(_callbacks.LogEntries).RequestMessage!;

    private WireMock.IRequestMessage CallbackFor(string attemptReference) =>
        _callbacks.LogEntries.Select(e => e.RequestMessage!).Single(m => m.Query![DarajaPaymentProvider.AttemptQueryParameter].Single() == attemptReference);
}
