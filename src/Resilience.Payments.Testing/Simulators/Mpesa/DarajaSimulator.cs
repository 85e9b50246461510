using Resilience.Payments.Testing.Simulators.Mpesa.Internal;

namespace Resilience.Payments.Testing.Simulators.Mpesa;

/// <summary>
/// A Safaricom M-Pesa Daraja simulator on a loopback port (WireMock.Net): OAuth, STK push, STK query, Pull Transactions and the
/// payer's answer, followed by the stkCallback to the request's CallBackURL. The money moved is in
/// <see cref="ProviderSimulator.Charges"/>, the ground truth for "charged at most once" audits; faults are injected
/// deterministically (seeded) and optionally only within a time window of its clock (<see cref="ProviderSimulator{TSelf}.During"/>).
/// Fault kinds on Daraja: <see cref="SimulatorFaultKind.RateLimited"/> is HTTP 500 errorCode <c>500.003.02</c> (spike arrest),
/// <see cref="SimulatorFaultKind.Slow"/> delays STK pushes, <see cref="SimulatorFaultKind.Decline"/> is the payer's ResultCode, and
/// callbacks are the stkCallback. Like Daraja it has no idempotency key: every STK push is a new prompt, per CheckoutRequestID.
/// Reversals (<c>/mpesa/reversal/v1/request</c>) of a charged receipt are processed <see cref="ReversalDelay"/> after acceptance and
/// their result posted to the ResultURL, money given back recorded in <see cref="ProviderSimulator.Refunds"/> (a second reversal
/// of a receipt is refused with <c>R000001</c>, an unknown receipt with <c>R000002</c>); Transaction Status queries
/// (<c>/mpesa/transactionstatus/v1/query</c>) post their result too. Reversal faults: <see cref="LoseReversalResults"/>,
/// <see cref="LateReversalResults"/>, <see cref="RejectReversals"/>, <see cref="QueueTimeOutReversals"/>.
/// </summary>
/// <remarks>
/// <para>
/// Requests are checked as the observed Daraja API checks them, not more strictly: <c>AccountReference</c> and
/// <c>TransactionDesc</c> have no length limit (Daraja documents 12 and 13 characters but accepts longer; the adapter keeps to the
/// documented limits), <c>TransactionDesc</c> may be absent, <c>PartyA</c> need not be the <c>PhoneNumber</c> (the prompt goes to
/// <c>PhoneNumber</c>), numbers may be sent as JSON numbers or strings, and tokens coexist until they expire
/// (<see cref="RevokePreviousTokens"/> is the opt-in fault). What Daraja refuses is refused with its codes: <c>400.002.02</c>
/// "Bad Request - Invalid {field}" for a missing or malformed field, <c>500.001.1001</c> "Wrong credentials" for a Password that does
/// not encode the short code, passkey and Timestamp, <c>404.001.03</c> for an unknown, revoked or expired token.
/// </para>
/// Point the adapter at <see cref="ProviderSimulator.BaseAddress"/> with <see cref="ConsumerKey"/>, <see cref="ConsumerSecret"/>,
/// <see cref="BusinessShortCode"/> and <see cref="Passkey"/>. The payer acts <see cref="PayerDelay"/> after an accepted STK
/// push, on the simulator's <see cref="ProviderSimulator.TimeProvider"/> (advance a fake clock to make them act). HTTP delays
/// (<see cref="SimulatorFaultKind.Slow"/>, <see cref="SimulatorFaultKind.ChargeThenNoReply"/>, held for <see cref="NoReplyDelay"/>) are real time, since HTTP client timeouts are.
/// </remarks>
public sealed class DarajaSimulator : ProviderSimulator<DarajaSimulator>
{
    /// <summary>The Daraja sandbox passkey of short code 174379, the simulator's default.</summary>
    public const string SandboxPasskey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    private readonly object _gate = new();
    private readonly Dictionary<string, DarajaStk> _stks = new(StringComparer.Ordinal);
    private readonly DarajaOAuth _tokens;
    private readonly DarajaReversalDesk _desk;
    private int _reversalRequests;
    private int _statusRequests;
    private int _sequence;
    private int _stkPushes;
    private int _stkQueries;
    private int _pullQueries;
    private int _prompts;

    /// <summary>Starts the simulator on a free loopback port.</summary>
    /// <param name="consumerKey">The consumer key the OAuth endpoint accepts.</param>
    /// <param name="consumerSecret">The consumer secret the OAuth endpoint accepts.</param>
    /// <param name="seed">The seed of every random choice (fault rates, receipts), so that a run is reproducible.</param>
    /// <param name="timeProvider">The clock for the payer's delay, fault windows and timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public DarajaSimulator(string consumerKey = "simulator-consumer-key", string consumerSecret = "simulator-consumer-secret", int seed = 1, TimeProvider? timeProvider = null)
        : base(timeProvider, seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerKey);
        ArgumentException.ThrowIfNullOrEmpty(consumerSecret);
        ConsumerKey = consumerKey;
        ConsumerSecret = consumerSecret;
        _tokens = new DarajaOAuth(this);
        _desk = new DarajaReversalDesk(this);
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "mpesa";

    /// <summary>Gets the consumer key the OAuth endpoint accepts.</summary>
    public string ConsumerKey { get; }

    /// <summary>Gets the consumer secret the OAuth endpoint accepts.</summary>
    public string ConsumerSecret { get; }

    /// <summary>Gets or sets the business short code the STK endpoints accept. Default <c>174379</c>.</summary>
    public string BusinessShortCode { get; set; } = "174379";

    /// <summary>Gets or sets the passkey the Password is checked against. Default <see cref="SandboxPasskey"/>.</summary>
    public string Passkey { get; set; } = SandboxPasskey;

    /// <summary>Gets or sets how long after an accepted STK push the simulated payer acts, on the simulator's clock. Default 10 seconds.</summary>
    public TimeSpan PayerDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a <see cref="ProviderSimulator{TSelf}.ChargeThenNoReply"/> reply is held back (real time). Default 2 minutes.</summary>
    public TimeSpan NoReplyDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets what the simulated payer actually pays when approving, or <see langword="null"/> (the default) for the amount
    /// pushed. Real M-Pesa Express fixes the amount; this stands for a charge that does not match the payment (a tampered or
    /// misrouted transaction) in tests of the amount checks: the charge records the amount paid and the callback's CallbackMetadata
    /// reports it.
    /// </summary>
    public decimal? PaidAmount { get; set; }

    /// <summary>Gets or sets the <c>expires_in</c> of issued tokens, in seconds; a token is accepted for one second more on the simulator's clock (Daraja's tokens last 3600 s). Default 3599.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3599;

    /// <summary>Gets how many OAuth token requests arrived (granted or not).</summary>
    public int TokenRequests => _tokens.Requests;

    /// <summary>Gets how many STK push requests arrived (accepted or not).</summary>
    public int StkPushRequests => Volatile.Read(ref _stkPushes);

    /// <summary>Gets how many STK query requests arrived.</summary>
    public int StkQueryRequests => Volatile.Read(ref _stkQueries);

    /// <summary>Gets how many STK pushes were accepted (a PIN prompt went to the payer), whether or not their reply was sent.</summary>
    public int PromptsSent => Volatile.Read(ref _prompts);

    /// <summary>Gets how many Pull Transactions (statement) queries arrived.</summary>
    public int PullTransactionsRequests => Volatile.Read(ref _pullQueries);

    /// <summary>
    /// Gets the simulators' certificate in PEM (one key pair per process): the stand-in for Safaricom's public certificate, for
    /// <c>DarajaReversalOptions.Certificate</c>. SecurityCredentials encrypted with it (RSA, PKCS#1 v1.5) are decrypted by the
    /// simulator's private key and compared with <see cref="InitiatorPassword"/>.
    /// </summary>
    public static string CertificatePem => DarajaKeyPair.Instance.CertificatePem;

    /// <summary>Gets or sets the initiator name the Reversal and Transaction Status APIs accept. Default <c>simulator-initiator</c>.</summary>
    public string InitiatorName { get; set; } = "simulator-initiator";

    /// <summary>Gets or sets the initiator password the SecurityCredential must encrypt. Default <c>Simulator#Initiator1</c>.</summary>
    public string InitiatorPassword { get; set; } = "Simulator#Initiator1";

    /// <summary>Gets or sets how long after an accepted reversal M-Pesa processes it and posts the result (or the queue time-out), on the simulator's clock. Default 5 seconds.</summary>
    public TimeSpan ReversalDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long after an accepted Transaction Status query its result is posted, on the simulator's clock. Default 2 seconds.</summary>
    public TimeSpan StatusQueryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how many reversal requests arrived (accepted or not).</summary>
    public int ReversalRequests => Volatile.Read(ref _reversalRequests);

    /// <summary>Gets how many Transaction Status queries arrived (accepted or not).</summary>
    public int TransactionStatusRequests => Volatile.Read(ref _statusRequests);

    /// <summary>Gets the rate of reversals whose result is never posted (the money still goes back). Set by <see cref="LoseReversalResults"/>.</summary>
    internal double LostReversalResultRate { get; private set; }

    /// <summary>Gets the rate of reversals processed <see cref="LateReversalDelay"/> late. Set by <see cref="LateReversalResults"/>.</summary>
    internal double LateReversalRate { get; private set; }

    /// <summary>Gets the extra delay of late reversal results.</summary>
    internal TimeSpan LateReversalDelay { get; private set; }

    /// <summary>Gets the rate of reversals M-Pesa's queue times out (never processed). Set by <see cref="QueueTimeOutReversals"/>.</summary>
    internal double ReversalQueueTimeOutRate { get; private set; }

    /// <summary>Gets the ResultCode every reversal is refused with, or <see langword="null"/>. Set by <see cref="RejectReversals"/>.</summary>
    internal string? ReversalRejection { get; private set; }

    /// <summary>Reversal results are lost: M-Pesa reverses the payment (a refund is recorded) but never posts the result to the ResultURL; a Transaction Status query still finds it.</summary>
    /// <param name="rate">The probability per reversal.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator LoseReversalResults(double rate = 1)
    {
        LostReversalResultRate = rate;
        return this;
    }

    /// <summary>Reversals are processed, and their results posted, <paramref name="delay"/> later than <see cref="ReversalDelay"/> (on the simulator's clock).</summary>
    /// <param name="delay">The extra delay.</param>
    /// <param name="rate">The probability per reversal.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator LateReversalResults(TimeSpan delay, double rate = 1)
    {
        LateReversalDelay = delay;
        LateReversalRate = rate;
        return this;
    }

    /// <summary>Reversals are refused with <paramref name="code"/> (a Reversal ResultCode such as <c>R000001</c>, <c>1</c> or <c>2001</c>), or accepted again when <see langword="null"/>.</summary>
    /// <param name="code">The ResultCode.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator RejectReversals(string? code)
    {
        ReversalRejection = code;
        return this;
    }

    /// <summary>M-Pesa's queue times reversals out: never processed, a notice is posted to the QueueTimeOutURL instead of a result.</summary>
    /// <param name="rate">The probability per reversal.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator QueueTimeOutReversals(double rate = 1)
    {
        ReversalQueueTimeOutRate = rate;
        return this;
    }

    /// <summary>Gets whether issuing a token revokes the ones issued before (<see cref="RevokePreviousTokens"/>).</summary>
    public bool RevokesPreviousTokens { get; private set; }

    /// <summary>
    /// A token fault, off by default: issuing an access token revokes every token issued before, so that a call still carrying an
    /// older one gets <c>404.001.03</c>. By default tokens coexist until they expire (<see cref="TokenLifetimeSeconds"/> on the
    /// simulator's clock), as observed of Daraja: client SDKs that take a token per call (Safaricom's own <c>mpesa-node</c>) make
    /// concurrent calls with different tokens. Daraja's Authorization page says a new token invalidates the previous one; this
    /// fault stands for that, for testing a client that must survive it.
    /// </summary>
    /// <param name="on">Whether a new token revokes the previous ones.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator RevokePreviousTokens(bool on = true)
    {
        RevokesPreviousTokens = on;
        return this;
    }

    /// <summary>Revokes every issued token: the next STK call gets <c>404.001.03</c> (invalid access token).</summary>
    public void InvalidateTokens() => _tokens.Invalidate();

    /// <inheritdoc />
    internal override void MapRoutes(WireMockServer server)
    {
        server.Given(Request.Create().WithPath(DarajaApi.OAuthPath).UsingGet()).RespondWith(Response.Create().WithCallback(_tokens.Generate));
        server.Given(Request.Create().WithPath(DarajaApi.StkPushPath).UsingPost()).RespondWith(Response.Create().WithCallback(StkPushAsync));
        server.Given(Request.Create().WithPath(DarajaApi.StkQueryPath).UsingPost()).RespondWith(Response.Create().WithCallback(StkQuery));
        server.Given(Request.Create().WithPath(DarajaApi.PullTransactionsPath).UsingPost()).RespondWith(Response.Create().WithCallback(PullTransactions));
        server.Given(Request.Create().WithPath(DarajaReversalDesk.ReversalPath).UsingPost()).RespondWith(Response.Create().WithCallback(Reversal));
        server.Given(Request.Create().WithPath(DarajaReversalDesk.TransactionStatusPath).UsingPost()).RespondWith(Response.Create().WithCallback(TransactionStatus));

        // Anything else (B2C, C2B, Account Balance, a wrong method): Daraja's own "resource not found" error, not WireMock's.
        server.Given(Request.Create().UsingAnyMethod()).AtPriority(int.MaxValue)
            .RespondWith(Response.Create().WithCallback(_ => DarajaApi.Error(404, "404.001.01", "Resource not found")));
    }

    /// <inheritdoc />
    internal override void Restore(IReadOnlyCollection<JsonObject> records)
    {
        foreach (var record in records.Where(static r => !DarajaReversalDesk.IsReversal(r)))
        {
            var stk = DarajaStk.FromJournal(record);
            lock (_gate)
            {
                _stks[stk.CheckoutRequestId] = stk;
                _sequence++;
            }

            if (stk.ResultCode is null)
            {
                Schedule(PayerDelay, () => PayerActs(stk)); // the prompt is still on the payer's phone
            }
            else if (stk.ResultCode == "0")
            {
                RecordCharge(stk.ToCharge(ProviderName, stk.CompletedAt ?? TimeProvider.GetUtcNow()));
            }
        }

        foreach (var record in records.Where(DarajaReversalDesk.IsReversal))
        {
            _desk.Restore(record); // after the charges: a reversal still to be processed looks its charge up
        }
    }

    private IResponseMessage PullTransactions(IRequestMessage request)
    {
        Interlocked.Increment(ref _pullQueries);
        return _tokens.IsAuthorized(request) ? DarajaApi.PullTransactions(request, BusinessShortCode, Charges) : DarajaApi.InvalidToken();
    }

    private IResponseMessage Reversal(IRequestMessage request)
    {
        Interlocked.Increment(ref _reversalRequests);
        return InitiatorPrecheck(request, out var body) ?? _desk.Reverse(body);
    }

    private IResponseMessage TransactionStatus(IRequestMessage request)
    {
        Interlocked.Increment(ref _statusRequests);
        return InitiatorPrecheck(request, out var body) ?? _desk.QueryStatus(body);
    }

    /// <summary>Checks of the initiator APIs before anything is recorded: faults, bearer token, JSON.</summary>
    private ResponseMessage? InitiatorPrecheck(IRequestMessage request, out JsonNode? body)
    {
        body = null;
        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            return SimulatorJson.RespondText(503, "Service Unavailable");
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return DarajaApi.Error(500, "500.003.02", "Spike arrest violation");
        }

        if (!_tokens.IsAuthorized(request))
        {
            return DarajaApi.InvalidToken();
        }

        return SimulatorJson.TryParse(request, out body) ? null : DarajaApi.Error(400, "400.002.02", "Bad Request - Invalid JSON");
    }

    /// <summary>Common checks of both STK endpoints: faults before acceptance, bearer token, Password and Timestamp.</summary>
    private ResponseMessage? Precheck(IRequestMessage request, out JsonNode? body)
    {
        body = null;
        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            return SimulatorJson.RespondText(503, "Service Unavailable");
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return DarajaApi.Error(500, "500.003.02", "Spike arrest violation");
        }

        return _tokens.IsAuthorized(request) ? DarajaApi.CheckStkBody(request, BusinessShortCode, Passkey, out body) : DarajaApi.InvalidToken();
    }

    private async Task<IResponseMessage> StkPushAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _stkPushes);
        if (Precheck(request, out var body) is { } rejected)
        {
            return rejected;
        }

        if (DarajaApi.InvalidPushField(body, out var amount, out var callbackUrl) is { } field)
        {
            return DarajaApi.Error(400, "400.002.02", $"Bad Request - Invalid {field}");
        }

        if (Draw(SimulatorFaultKind.Slow) is { } slow && !await DelayAsync(slow.Latency).ConfigureAwait(false))
        {
            return DarajaApi.Error(500, "500.003.1001", "Internal Server Error");
        }

        var noReply = Draw(SimulatorFaultKind.ChargeThenNoReply) is not null;
        DarajaStk stk;
        var merchantSuffix = Random.Next(10_000_000, 99_999_999);
        lock (_gate)
        {
            var n = ++_sequence;
            var now = TimeProvider.GetUtcNow();
            stk = new DarajaStk
            {
                CheckoutRequestId = string.Create(CultureInfo.InvariantCulture, $"ws_CO_{now:ddMMyyyyHHmmss}{n:D6}"),
                MerchantRequestId = string.Create(CultureInfo.InvariantCulture, $"{n:D5}-{merchantSuffix}-1"),
                PhoneNumber = SimulatorJson.Text(body, "PhoneNumber")!,
                Amount = amount,
                AccountReference = SimulatorJson.Text(body, "AccountReference")!,
                CallbackUrl = callbackUrl!,
                ForceApprove = noReply,
            };
            _stks.Add(stk.CheckoutRequestId, stk);
        }

        Journal(stk.ToJournal());
        Schedule(PayerDelay, () => PayerActs(stk));
        Interlocked.Increment(ref _prompts);

        if (noReply)
        {
            await DelayAsync(NoReplyDelay).ConfigureAwait(false); // the caller times out long before this
        }

        return SimulatorJson.Respond(200, new Dictionary<string, string>
        {
            ["MerchantRequestID"] = stk.MerchantRequestId,
            ["CheckoutRequestID"] = stk.CheckoutRequestId,
            ["ResponseCode"] = "0",
            ["ResponseDescription"] = "Success. Request accepted for processing",
            ["CustomerMessage"] = "Success. Request accepted for processing",
        });
    }

    private IResponseMessage StkQuery(IRequestMessage request)
    {
        Interlocked.Increment(ref _stkQueries);
        if (Precheck(request, out var body) is { } rejected)
        {
            return rejected;
        }

        var id = SimulatorJson.Text(body, "CheckoutRequestID");
        lock (_gate)
        {
            if (id is null || !_stks.TryGetValue(id, out var stk))
            {
                return DarajaApi.Error(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID");
            }

            if (stk.ResultCode is null)
            {
                return DarajaApi.Error(500, "500.001.1001", "The transaction is being processed");
            }

            return SimulatorJson.Respond(200, new Dictionary<string, string>
            {
                ["ResponseCode"] = "0",
                ["ResponseDescription"] = "The service request has been accepted successsfully",
                ["MerchantRequestID"] = stk.MerchantRequestId,
                ["CheckoutRequestID"] = stk.CheckoutRequestId,
                ["ResultCode"] = stk.ResultCode,
                ["ResultDesc"] = stk.ResultDesc ?? string.Empty,
            });
        }
    }

    /// <summary>The simulated payer answers the prompt: approves (a charge) or declines; then the callback goes out.</summary>
    private void PayerActs(DarajaStk stk)
    {
        var decline = stk.ForceApprove ? null : Draw(SimulatorFaultKind.Decline);
        var receipt = decline is null ? Random.NextString(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : null;
        var now = TimeProvider.GetUtcNow();
        string body;
        lock (_gate)
        {
            if (stk.ResultCode is not null)
            {
                return;
            }

            stk.CompletedAt = now;
            if (decline is null)
            {
                stk.PaidAmount = PaidAmount ?? stk.Amount;
                stk.ResultCode = "0";
                stk.ResultDesc = "The service request is processed successfully.";
                stk.Receipt = receipt;
            }
            else
            {
                stk.ResultCode = decline.Code!;
                stk.ResultDesc = DarajaApi.DeclineDescription(decline.Code);
            }

            body = stk.CallbackBody(now);
        }

        Journal(stk.ToJournal());
        if (decline is null)
        {
            RecordCharge(stk.ToCharge(ProviderName, now));
        }

        // Daraja does not retry a failed callback either
        _ = SendCallbackAsync(new SimulatedCallback(ProviderName, stk.AccountReference, stk.CheckoutRequestId, "POST", stk.CallbackUrl, body, 0, now));
    }
}
