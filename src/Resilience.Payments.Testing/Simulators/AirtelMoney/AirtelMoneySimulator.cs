using Resilience.Payments.Testing.Simulators.AirtelMoney.Internal;

namespace Resilience.Payments.Testing.Simulators.AirtelMoney;

/// <summary>
/// The Airtel Money Open API (Kenya) on a real local HTTP port (WireMock.Net): OAuth client credentials
/// (<c>POST /auth/oauth2/token</c>, short-lived tokens checked on every call), USSD-push collection
/// (<c>POST /merchant/v1/payments/</c>, refusing a re-sent <c>transaction.id</c> with <c>ESB000041</c>), enquiry
/// (<c>GET /standard/v1/payments/{id}</c>; the v2 paths of the signed API are served alike, signatures unchecked), refunds (<c>POST /standard/v1/payments/refund</c> by <c>airtel_money_id</c>, once per
/// collection, whole amount, processed <see cref="RefundDelay"/> later and enquired by the refund's <c>transaction.id</c>), its own books (<see cref="Transactions"/>), and a payer who approves (or declines) on the
/// phone <see cref="PayerDelay"/> later on the simulator's clock, after which a v1 callback is POSTed to <see cref="CallbackUrl"/>.
/// </summary>
/// <remarks>
/// Fault kinds on Airtel: <see cref="SimulatorFaultKind.Http503"/>, <see cref="SimulatorFaultKind.RateLimited"/> (HTTP 429) and
/// <see cref="SimulatorFaultKind.Slow"/> on every endpoint; <see cref="SimulatorFaultKind.ChargeThenNoReply"/> on the collection
/// (the transaction is created and completes, the reply never comes); <see cref="SimulatorFaultKind.Decline"/> with a
/// <c>DP008000010xx</c> code on the collection: a validation code (<c>DP00800001004</c>, <c>...010</c>, <c>...026</c>) is answered at
/// once and nothing is created, any other code is the payer's answer on the phone (the transaction ends <c>TF</c> with that code);
/// <see cref="SimulatorFaultKind.QueueThenProcess"/> on the collection (an overloaded Airtel: the request is held with no reply, the
/// transaction comes into existence only <see cref="SimulatorFault.Latency"/> later on the simulator's clock, the enquiry says
/// "not found" until then, and a request whose id was used meanwhile is refused with <c>ESB000041</c> instead of charged);
/// the callback faults on the callbacks; <see cref="SimulatorFaultKind.Down"/> refuses connections. Every random choice is seeded.
/// </remarks>
public sealed class AirtelMoneySimulator : ProviderSimulator<AirtelMoneySimulator>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AirtelMoneySimulatedTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly BearerTokens _tokens;
    private readonly AirtelRefundDesk _refunds;
    private int _collectionRequests;
    private int _enquiryRequests;
    private int _queuedCollections;
    private int _refundRequests;

    /// <summary>Starts the simulator on a free local port.</summary>
    /// <param name="clientId">The client id clients must present.</param>
    /// <param name="clientSecret">The client secret clients must present.</param>
    /// <param name="seed">Seeds every random decision (fault rates, callback loss and duplication, Airtel Money ids).</param>
    /// <param name="timeProvider">The clock of tokens, payers, fault windows and callbacks; the system clock when <see langword="null"/>.</param>
    public AirtelMoneySimulator(string clientId = "airtel-sim-client", string clientSecret = "airtel-sim-secret", int seed = 1, TimeProvider? timeProvider = null)
        : base(timeProvider, seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        ClientId = clientId;
        ClientSecret = clientSecret;
        _tokens = new BearerTokens(TimeProvider, StringComparison.OrdinalIgnoreCase, onePerClient: false);
        _refunds = new AirtelRefundDesk(this);
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "airtel";

    /// <summary>Gets the client id.</summary>
    public string ClientId { get; }

    /// <summary>Gets the client secret.</summary>
    public string ClientSecret { get; }

    /// <summary>Gets or sets where v1 callbacks are POSTed; when <see langword="null"/> none are sent (nor recorded).</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets or sets how long after the collection the payer answers the USSD prompt, on the simulator's clock. Default 10 seconds.</summary>
    public TimeSpan PayerDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the <c>expires_in</c> of issued tokens. Default 180 seconds, as Airtel's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>Gets how many token requests arrived (granted or not).</summary>
    public int TokenRequests => _tokens.Requests;

    /// <summary>Gets the number of collection requests (re-sends included).</summary>
    public int CollectionRequests => Volatile.Read(ref _collectionRequests);

    /// <summary>Gets the number of enquiries.</summary>
    public int EnquiryRequests => Volatile.Read(ref _enquiryRequests);

    /// <summary>Gets the number of collections held in the queue now (<see cref="SimulatorFaultKind.QueueThenProcess"/>), not processed yet.</summary>
    public int QueuedCollections => Volatile.Read(ref _queuedCollections);

    /// <summary>Gets every collection received (paid or not), in arrival order, as it stands now.</summary>
    public IReadOnlyList<AirtelMoneySimulatedTransaction> Transactions
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(id => _transactions[id]).ToList();
            }
        }
    }

    /// <summary>Gets the number of refund requests (refused ones included).</summary>
    public int RefundRequests => Volatile.Read(ref _refundRequests);

    /// <summary>
    /// Gets or sets how long after it is taken a refund is processed (<c>TIP</c> until then, then <c>TS</c>, or <c>TF</c> with
    /// <see cref="RefundDeclineCode"/>), on the simulator's clock. Default 5 seconds.
    /// </summary>
    public TimeSpan RefundDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the fault "the refund rejected": a <c>DP008000010xx</c> code. A validation code (<c>DP00800001004</c>,
    /// <c>...010</c>, <c>...026</c>) is answered at once and nothing is taken; any other (for example <c>DP00800001007</c>, the
    /// merchant's balance) ends the refund <c>TF</c> with that code after <see cref="RefundDelay"/>. <see langword="null"/> (the
    /// default) refunds.
    /// </summary>
    public string? RefundDeclineCode { get; set; }

    /// <summary>Gets or sets the fault "the refund's answer lost": the refund is taken and processed, its reply never comes. Default <see langword="false"/>.</summary>
    public bool LoseRefundReplies { get; set; }

    /// <summary>Gets or sets the fault "the refund answered late": the reply (of a refund taken or refused) is held this long in real time. Default zero.</summary>
    public TimeSpan RefundReplyDelay { get; set; }

    /// <summary>Gets every refund taken, in arrival order, as it stands now (the money given back is in <see cref="ProviderSimulator.Refunds"/>).</summary>
    public IReadOnlyList<AirtelMoneySimulatedRefund> RefundTransactions => _refunds.All;

    /// <summary>Processes a refund in progress now, instead of after <see cref="RefundDelay"/>, and sends its callback.</summary>
    /// <param name="id">The refund's transaction id.</param>
    /// <param name="declineCode">A <c>DP008000010xx</c> code to refuse it, or <see langword="null"/> to give the money back.</param>
    /// <returns>Whether a refund in progress was completed (once its callback's deliveries are over).</returns>
    public async Task<bool> CompleteRefundAsync(string id, string? declineCode = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (_refunds.Complete(id, declineCode) is not { } callback)
        {
            return false;
        }

        await callback.ConfigureAwait(false);
        return true;
    }

    /// <summary>Revokes every issued token (the next call with one gets HTTP 401).</summary>
    public void InvalidateTokens() => _tokens.Invalidate();

    /// <summary>Answers the prompt of a transaction still in progress now, instead of after <see cref="PayerDelay"/>, and sends its callback.</summary>
    /// <param name="id">The transaction id.</param>
    /// <param name="declineCode">A <c>DP008000010xx</c> decline code, or <see langword="null"/> to approve.</param>
    /// <returns>Whether a transaction in progress was completed (once its callback's deliveries are over).</returns>
    public async Task<bool> CompleteAsync(string id, string? declineCode = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (Complete(id, declineCode) is not { } callback)
        {
            return false;
        }

        await callback.ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    internal override void MapRoutes(WireMockServer server) =>
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));

    /// <inheritdoc />
    internal override void Restore(IReadOnlyCollection<JsonObject> records)
    {
        foreach (var record in records)
        {
            if (AirtelApi.IsRefund(record))
            {
                _refunds.Restore(AirtelApi.RefundFromJournal(record));
                continue;
            }

            var transaction = AirtelApi.FromJournal(record);
            lock (_gate)
            {
                if (!_transactions.ContainsKey(transaction.Id))
                {
                    _order.Add(transaction.Id);
                }

                _transactions[transaction.Id] = transaction;
            }

            if (transaction.Status == "TIP")
            {
                Schedule(PayerDelay, () => Complete(transaction.Id, null)); // the USSD prompt is still on the phone
            }
            else if (transaction.Status == "TS")
            {
                RecordCharge(AirtelApi.ToCharge(ProviderName, transaction, transaction.CompletedAt ?? transaction.CreatedAt));
            }
        }
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = AirtelApi.Route(request.AbsolutePath);
        if (await DrawRequestFaultsAsync(AirtelApi.Answers).ConfigureAwait(false) is { } fault)
        {
            return fault;
        }

        if (request.Method == "POST" && path == AirtelApi.TokenPath)
        {
            return IssueToken(request);
        }

        if (!_tokens.IsAuthorized(request))
        {
            return AirtelApi.OAuthError(401, "invalid_token", "Access token is invalid or expired");
        }

        if (request.Method == "POST" && path.TrimEnd('/') == AirtelApi.CollectionPath)
        {
            Interlocked.Increment(ref _collectionRequests);
            if (Draw(SimulatorFaultKind.QueueThenProcess) is { } queued)
            {
                return await ProcessLaterAsync(request, queued.Latency).ConfigureAwait(false);
            }

            var (answer, created) = Collect(request);
            if (created && Draw(SimulatorFaultKind.ChargeThenNoReply) is not null)
            {
                await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // the prompt went out; the reply never comes
            }

            return answer;
        }

        if (request.Method == "POST" && path.TrimEnd('/') == AirtelApi.RefundPath)
        {
            return await RefundAsync(request).ConfigureAwait(false);
        }

        if (request.Method == "GET" && path.StartsWith(AirtelApi.EnquiryPrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _enquiryRequests);
            return Enquire(Uri.UnescapeDataString(path[AirtelApi.EnquiryPrefix.Length..].TrimEnd('/')));
        }

        return AirtelApi.Error(404, "Resource not found", "ESB000008");
    }

    /// <summary>
    /// An overloaded Airtel: the collection waits in the queue for <paramref name="delay"/> on the simulator's clock and only then
    /// is processed (created and prompted, or refused with <c>ESB000041</c> when its id was used meanwhile); its reply is held
    /// until then, past any client's timeout.
    /// </summary>
    private async Task<IResponseMessage> ProcessLaterAsync(IRequestMessage request, TimeSpan delay)
    {
        var processed = new TaskCompletionSource<ResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _queuedCollections);
        Schedule(delay, () =>
        {
            try
            {
                processed.TrySetResult(Collect(request).Answer);
            }
#pragma warning disable CA1031 // a simulator failure must not leave the held request waiting forever
            catch (Exception ex)
#pragma warning restore CA1031
            {
                processed.TrySetException(ex);
            }
            finally
            {
                Interlocked.Decrement(ref _queuedCollections);
            }
        });

        try
        {
            return await processed.Task.WaitAsync(Lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return AirtelApi.Error(503, "Service unavailable", "ESB000001"); // disposed while the request was queued
        }
    }

    private ResponseMessage IssueToken(IRequestMessage request)
    {
        _tokens.CountRequest();
        _ = SimulatorJson.TryParse(request, out var body);
        if (SimulatorJson.Text(body, "grant_type") != "client_credentials" || SimulatorJson.Text(body, "client_id") != ClientId || SimulatorJson.Text(body, "client_secret") != ClientSecret)
        {
            return AirtelApi.OAuthError(401, "invalid_client", "Client authentication failed");
        }

        var token = "airtel-sim-" + Random.NextString(24, "abcdefghijklmnopqrstuvwxyz0123456789");
        _tokens.Issue(token, TokenLifetime);
        return SimulatorJson.Respond(200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = ((long)TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["token_type"] = "bearer",
        });
    }

    private (ResponseMessage Answer, bool Created) Collect(IRequestMessage request)
    {
        if (AirtelApi.CheckCollection(request, out var id, out var phone, out var amount, out var currency) is { } invalid)
        {
            return (invalid, false);
        }

        var decline = Draw(SimulatorFaultKind.Decline);
        if (decline?.Code is { } syncCode && AirtelApi.SynchronousDeclines.Contains(syncCode))
        {
            return (AirtelApi.Error(200, "Transaction failed", "ESB000011", syncCode), false);
        }

        AirtelMoneySimulatedTransaction created;
        lock (_gate)
        {
            if (_transactions.TryGetValue(id, out var existing))
            {
                _transactions[id] = existing with { Resends = existing.Resends + 1 };
                return (AirtelApi.Error(200, "Transaction ID already exists", "ESB000041"), false);
            }

            created = new AirtelMoneySimulatedTransaction(id, "TIP", AirtelApi.InProcess, amount, currency, phone.Masked, TimeProvider.GetUtcNow());
            _transactions[id] = created;
            _order.Add(id);
        }

        Journal(AirtelApi.ToJournal(created));
        var payerAnswer = decline?.Code;
        Schedule(PayerDelay, () => Complete(id, payerAnswer));
        return (AirtelApi.Transaction(new JsonObject { ["id"] = id, ["status"] = "SUCCESS" }, AirtelApi.InProcess), true);
    }

    private async Task<IResponseMessage> RefundAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _refundRequests);
        var (answer, created) = _refunds.Refund(request, FindPaid, IdTaken);
        if (created && LoseRefundReplies)
        {
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // taken; the reply never comes
        }
        else if (RefundReplyDelay > TimeSpan.Zero)
        {
            await DelayAsync(RefundReplyDelay).ConfigureAwait(false);
        }

        return answer;
    }

    private AirtelMoneySimulatedTransaction? FindPaid(string airtelMoneyId)
    {
        lock (_gate)
        {
            return _transactions.Values.FirstOrDefault(t => t.Status == "TS" && string.Equals(t.AirtelMoneyId, airtelMoneyId, StringComparison.Ordinal));
        }
    }

    private bool IdTaken(string id)
    {
        lock (_gate)
        {
            return _transactions.ContainsKey(id);
        }
    }

    private ResponseMessage Enquire(string id)
    {
        if (_refunds.Find(id) is { } refund)
        {
            return AirtelApi.Enquiry(refund);
        }

        AirtelMoneySimulatedTransaction? transaction;
        lock (_gate)
        {
            _transactions.TryGetValue(id, out transaction);
        }

        if (transaction is null)
        {
            return AirtelApi.Error(200, "No Transaction Found With Provided Transaction Id", "ESB000045");
        }

        return AirtelApi.Transaction(
            new JsonObject
            {
                ["airtel_money_id"] = transaction.AirtelMoneyId,
                ["id"] = transaction.Id,
                ["message"] = transaction.Status switch { "TS" => "success", "TIP" => "Transaction in progress", _ => "Transaction failed" },
                ["status"] = transaction.Status,
            },
            transaction.ResponseCode);
    }

    /// <summary>The payer answers a prompt in progress; returns the callback's delivery, or <see langword="null"/> when none was in progress.</summary>
    private Task<int>? Complete(string id, string? declineCode)
    {
        AirtelMoneySimulatedTransaction completed;
        var now = TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_transactions.TryGetValue(id, out var transaction) || transaction.Status != "TIP")
            {
                return null;
            }

            completed = declineCode is null
                ? transaction with { Status = "TS", ResponseCode = AirtelApi.Success, AirtelMoneyId = "MP" + now.ToString("yyMMdd", CultureInfo.InvariantCulture) + "." + Random.NextString(4, "0123456789") + "." + Random.NextString(6, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), CompletedAt = now }
                : transaction with { Status = declineCode == "DP00800001029" ? "TE" : "TF", ResponseCode = declineCode, CompletedAt = now };
            _transactions[id] = completed;
        }

        Journal(AirtelApi.ToJournal(completed));
        if (completed.Status == "TS")
        {
            RecordCharge(AirtelApi.ToCharge(ProviderName, completed, now));
        }

        return CallbackUrl is { } url
            ? SendCallbackAsync(new SimulatedCallback(ProviderName, completed.Id, completed.AirtelMoneyId, "POST", url, AirtelApi.CallbackBody(completed), 0, now))
            : Task.FromResult(0);
    }
}
