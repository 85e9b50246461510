using Resilience.Payments.Testing.Simulators.Pesapal.Internal;

namespace Resilience.Payments.Testing.Simulators.Pesapal;

/// <summary>
/// A Pesapal API 3.0 on a real local HTTP port (WireMock.Net): <c>POST /api/Auth/RequestToken</c> (tokens valid
/// <see cref="TokenLifetime"/> on the simulator's clock), <c>POST /api/URLSetup/RegisterIPN</c>,
/// <c>GET /api/URLSetup/GetIpnList</c>, <c>POST /api/Transactions/SubmitOrderRequest</c> (merchant references are unique) and
/// <c>GET /api/Transactions/GetTransactionStatus</c>, <c>POST /api/Transactions/RefundRequest</c> (one refund per payment, mobile
/// money in full only, approved by the simulated merchant <see cref="RefundApprovalDelay"/> later: REVERSED and an IPN), its own books of orders (<see cref="Transactions"/>), a simulated payer who
/// pays on the checkout page after <see cref="PayerDelay"/> (or when a test calls <see cref="CompleteAsync"/>), and an IPN to the
/// registered URL, POST or GET, on every status change. The <c>redirect_url</c> is a checkout page on this server (Pay, Cancel) that
/// completes the order and sends the browser to its <c>callback_url</c> as Pesapal does; once opened, the simulated payer leaves the
/// order to it. Routes ignore case and accept the base URL's path (<c>/pesapalv3</c>, <c>/v3</c>) in front.
/// </summary>
/// <remarks>
/// Faults (<see cref="ProviderSimulator"/>, seeded, optionally in a window of the clock): <see cref="SimulatorFaultKind.Http503"/>,
/// <see cref="SimulatorFaultKind.RateLimited"/> (HTTP 429 with an error object) and <see cref="SimulatorFaultKind.Slow"/> on every
/// endpoint; <see cref="SimulatorFaultKind.ChargeThenNoReply"/> on SubmitOrderRequest (the order is created and the answer never
/// comes: no payer ever gets its checkout page, so it is never paid); <see cref="SimulatorFaultKind.Decline"/> when the payer pays
/// (the order ends FAILED with the fault's code as description); the callback faults on IPNs (lost, duplicated, delayed on the
/// clock); <see cref="SimulatorFaultKind.Down"/>. Pesapal-specific switches: <see cref="PaidAmount"/>, <see cref="PaidCurrency"/> and
/// <see cref="PayerAccount"/> (the payer pays another amount, in another currency, from another account).
/// </remarks>
public sealed class PesapalSimulator : ProviderSimulator<PesapalSimulator>
{
    private const string ReceiptAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

    private readonly object _gate = new();
    private readonly Dictionary<string, PesapalOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PesapalOrder> _byReference = new(StringComparer.Ordinal);
    private readonly BearerTokens _tokens;
    private readonly PesapalRefundDesk _refunds;
    private readonly PesapalCheckout _checkout;
    private readonly PesapalIpnDesk _ipns;
    private long _created;
    private int _requestCount;

    /// <summary>Starts the simulator on a free local port.</summary>
    /// <param name="consumerKey">The consumer key clients must send.</param>
    /// <param name="consumerSecret">The consumer secret clients must send.</param>
    /// <param name="seed">Seeds every random decision (fault rates, ids, IPN loss and duplication).</param>
    /// <param name="timeProvider">The clock of tokens, the payer, fault windows and delayed IPNs; the system clock when <see langword="null"/>.</param>
    public PesapalSimulator(string consumerKey = "simulator_key", string consumerSecret = "simulator_secret", int seed = 1, TimeProvider? timeProvider = null)
        : base(timeProvider, seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerKey);
        ArgumentException.ThrowIfNullOrEmpty(consumerSecret);
        ConsumerKey = consumerKey;
        ConsumerSecret = consumerSecret;
        _tokens = new BearerTokens(TimeProvider, StringComparison.Ordinal, onePerClient: false);
        _refunds = new PesapalRefundDesk(this, _gate, FindOrder);
        _ipns = new PesapalIpnDesk(this);
        _checkout = new PesapalCheckout(_gate, id => _orders.GetValueOrDefault(id), (order, success) => Track(CompleteCoreAsync(order, success)));
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "pesapal";

    /// <summary>Gets the consumer key.</summary>
    public string ConsumerKey { get; }

    /// <summary>Gets the consumer secret.</summary>
    public string ConsumerSecret { get; }

    /// <summary>Gets or sets how long an issued token is accepted, on the simulator's clock; five minutes by default, like Pesapal.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether the simulated payer pays every order whose checkout page reached the merchant, <see cref="PayerDelay"/> after it was submitted, unless a browser opened the page first (the payer then acts there). Default <see langword="true"/>.</summary>
    public bool AutoPay { get; set; } = true;

    /// <summary>Gets or sets how long after the order the payer pays, on the simulator's clock; 30 seconds by default.</summary>
    public TimeSpan PayerDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the amount, in major units, a payer pays on every order instead of the order's (a payer who pays another amount); <see langword="null"/> (the default) for the order's amount.</summary>
    public decimal? PaidAmount { get; set; }

    /// <summary>Gets or sets the currency Pesapal reports for every payment instead of the order's; <see langword="null"/> (the default) for the order's.</summary>
    public string? PaidCurrency { get; set; }

    /// <summary>
    /// Gets or sets what GetTransactionStatus reports as <c>payment_account</c> of a paid order (for example a whole number,
    /// <c>254722000111</c>); <see langword="null"/> (the default) for the billing phone masked, as Pesapal reports it (<c>0712****78</c>).
    /// </summary>
    public string? PayerAccount { get; set; }

    /// <summary>Gets or sets the <c>payment_method</c> a payer pays with (<c>MpesaKE</c>, the default, or for example <c>Visa</c>); mobile-money payments are refunded in full only.</summary>
    public string PaymentMethod { get; set; } = "MpesaKE";

    /// <summary>Gets or sets a value indicating whether the simulated merchant decides every refund <see cref="RefundApprovalDelay"/> after it was requested. Default <see langword="true"/>; otherwise a test calls <see cref="DecideRefundAsync"/>.</summary>
    public bool AutoApproveRefunds { get; set; } = true;

    /// <summary>Gets or sets how long the merchant takes to approve a refund in the dashboard, on the simulator's clock (the fault "the merchant approval delayed"). Default 2 minutes.</summary>
    public TimeSpan RefundApprovalDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets a value indicating whether the merchant rejects refunds in the dashboard (the payment stays COMPLETED, no IPN). Default <see langword="false"/>.</summary>
    public bool MerchantRejectsRefunds { get; set; }

    /// <summary>Gets or sets the fault "the refund rejected": every RefundRequest is answered <c>{"status":"500","message":...}</c> with this reason. Default <see langword="null"/>.</summary>
    public string? RefundRejectMessage { get; set; }

    /// <summary>Gets or sets the fault "the refund's answer lost": the refund is taken, its answer never comes. Default <see langword="false"/>.</summary>
    public bool LoseRefundReplies { get; set; }

    /// <summary>Gets or sets the fault "the refund answered late": every RefundRequest answer is held this long in real time. Default zero.</summary>
    public TimeSpan RefundReplyDelay { get; set; }

    /// <summary>Gets how many RefundRequest calls arrived (rejected ones included).</summary>
    public int RefundRequests => _refunds.Requests;

    /// <summary>Gets every refund taken, in the order taken, as it stands now (the money given back is in <see cref="ProviderSimulator.Refunds"/>).</summary>
    public IReadOnlyList<PesapalSimulatedRefund> RefundTransactions => _refunds.All;

    /// <summary>The merchant approves (the payment becomes REVERSED, the money goes back, an IPN is sent) or rejects a pending refund now.</summary>
    /// <param name="orderTrackingIdOrConfirmationCode">The refunded order's tracking id or the payment's confirmation code.</param>
    /// <param name="approve">Whether the merchant approves.</param>
    /// <returns>Whether a pending refund was decided (once its IPN's deliveries are over).</returns>
    public async Task<bool> DecideRefundAsync(string orderTrackingIdOrConfirmationCode, bool approve = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderTrackingIdOrConfirmationCode);
        if (_refunds.Decide(orderTrackingIdOrConfirmationCode, approve) is not { } decided)
        {
            return false;
        }

        await decided.ConfigureAwait(false);
        return true;
    }

    /// <summary>Gets every order submitted (paid or not), in the order they were submitted, as they stand now.</summary>
    public IReadOnlyList<PesapalSimulatedTransaction> Transactions
    {
        get
        {
            lock (_gate)
            {
                return _orders.Values.OrderBy(o => o.Sequence).Select(o => o.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Gets how many token requests arrived (granted or not).</summary>
    public int TokenRequests => _tokens.Requests;

    /// <summary>Gets how many IPN URLs were registered.</summary>
    public int IpnRegistrations => _ipns.Registrations;

    /// <summary>Gets the number of HTTP requests the simulator answered or swallowed.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Revokes every issued token, so the next call with one gets HTTP 401 (as when Pesapal expires tokens early).</summary>
    public void InvalidateTokens() => _tokens.Invalidate();

    /// <summary>
    /// The payer acts on the checkout page of an order that is not paid yet: pays (COMPLETED, a charge in
    /// <see cref="ProviderSimulator.Charges"/>, unless a <see cref="SimulatorFaultKind.Decline"/> fault fires) or fails (FAILED); then
    /// the IPN is sent.
    /// </summary>
    /// <param name="orderTrackingIdOrMerchantReference">The order tracking id or the merchant reference.</param>
    /// <param name="success">Whether the payer pays.</param>
    /// <returns>Whether an unpaid order whose checkout page reached the merchant was found and completed.</returns>
    public Task<bool> CompleteAsync(string orderTrackingIdOrMerchantReference, bool success = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderTrackingIdOrMerchantReference);
        PesapalOrder order;
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderTrackingIdOrMerchantReference, out var found) && !_byReference.TryGetValue(orderTrackingIdOrMerchantReference, out found))
            {
                return Task.FromResult(false);
            }

            order = found;
        }

        return CompleteCoreAsync(order, success);
    }

    /// <summary>Reverses a completed payment (status_code 3 REVERSED) and sends the IPN. The charge stays in <see cref="ProviderSimulator.Charges"/>: money moved, then went back.</summary>
    /// <param name="orderTrackingId">The order tracking id.</param>
    /// <returns>Whether a completed order was reversed.</returns>
    public Task<bool> ReverseAsync(string orderTrackingId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderTrackingId);
        PesapalOrder? order;
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderTrackingId, out order) || order.StatusCode != 1)
            {
                return Task.FromResult(false);
            }

            order.StatusCode = 3;
            order.Description = "Payment reversed";
        }

        return SendIpnAsync(order).ContinueWith(static _ => true, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <inheritdoc />
    internal override void MapRoutes(WireMockServer server) =>
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));

    /// <inheritdoc />
    internal override void Restore(IReadOnlyCollection<JsonObject> records)
    {
        records.Where(PesapalIpn.IsIpn).Select(PesapalIpn.FromJournal).ToList().ForEach(_ipns.Add);
        foreach (var record in records.Where(r => !PesapalIpn.IsIpn(r) && !PesapalRefundDesk.IsRefund(r)))
        {
            var order = PesapalOrder.FromJournal(record);
            lock (_gate)
            {
                _orders[order.TrackingId] = order;
                _byReference[order.MerchantReference] = order;
                _created = Math.Max(_created, order.Sequence + 1);
            }

            if (order.StatusCode is 1 or 3)
            {
                RecordCharge(order.ToCharge(ProviderName, order.CreatedAt)); // a REVERSED payment was charged, then given back
            }
            else if (order.StatusCode == 0 && order.ReplyDelivered && AutoPay)
            {
                Schedule(PayerDelay, () => Track(AutoPayAsync(order)));
            }
        }

        records.Where(PesapalRefundDesk.IsRefund).ToList().ForEach(_refunds.Restore);
    }

    /// <summary>Sends the IPN of an order's status change.</summary>
    internal Task<int> SendIpnAsync(PesapalOrder order)
    {
        var target = _ipns.Find(order.NotificationId);
        return SendCallbackAsync(PesapalApi.Ipn(ProviderName, order, target?.Url, target?.Method ?? "POST"));
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _requestCount);
        var path = PesapalApi.Route(request.AbsolutePath);
        if (await DrawRequestFaultsAsync(PesapalApi.Answers).ConfigureAwait(false) is { } fault)
        {
            return fault;
        }

        if (PesapalCheckoutPage.IsPage(path))
        {
            return _checkout.Handle(request);
        }

        JsonNode? body = null;
        if (request.Method == "POST" && !SimulatorJson.TryParse(request, out body))
        {
            return PesapalApi.Error(400, "invalid_json", "The request body is not JSON");
        }

        if (request.Method == "POST" && path.Equals(PesapalApi.TokenPath, StringComparison.OrdinalIgnoreCase))
        {
            return RequestToken(body);
        }

        if (!_tokens.IsAuthorized(request))
        {
            return PesapalApi.Error(401, "unauthorized", "Invalid or expired token", "401");
        }

        switch (request.Method, path.ToUpperInvariant())
        {
            case ("POST", "/API/URLSETUP/REGISTERIPN"):
                return _ipns.Register(body);
            case ("GET", "/API/URLSETUP/GETIPNLIST"):
                return _ipns.List();

            case ("POST", "/API/TRANSACTIONS/SUBMITORDERREQUEST"):
                var (answer, order) = SubmitOrder(body);
                if (order is not null && Draw(SimulatorFaultKind.ChargeThenNoReply) is not null)
                {
                    await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // the order exists; its answer never comes
                    return new ResponseMessage { StatusCode = 504 };
                }

                if (order is not null)
                {
                    Delivered(order);
                }

                return answer;
            case ("POST", "/API/TRANSACTIONS/REFUNDREQUEST"):
                return await _refunds.HandleAsync(body).ConfigureAwait(false);
            case ("GET", "/API/TRANSACTIONS/GETTRANSACTIONSTATUS"):
                return Status(SimulatorJson.Query(request, "orderTrackingId"));
            default:
                return PesapalApi.Error(404, "not_found", "Route not found", "404");
        }
    }

    /// <summary>An order by tracking id or confirmation code; under <see cref="_gate"/>.</summary>
    private PesapalOrder? FindOrder(string trackingIdOrConfirmationCode) =>
        _orders.TryGetValue(trackingIdOrConfirmationCode, out var order) ? order
            : _orders.Values.FirstOrDefault(o => string.Equals(o.ConfirmationCode, trackingIdOrConfirmationCode, StringComparison.Ordinal));

    private ResponseMessage RequestToken(JsonNode? body)
    {
        _tokens.CountRequest();
        if (SimulatorJson.Text(body, "consumer_key") != ConsumerKey || SimulatorJson.Text(body, "consumer_secret") != ConsumerSecret)
        {
            return PesapalApi.TokenRefused();
        }

        var token = "pst_" + Random.NextString(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        return PesapalApi.TokenIssued(token, _tokens.Issue(token, TokenLifetime));
    }

    private (ResponseMessage Answer, PesapalOrder? Order) SubmitOrder(JsonNode? body)
    {
        if (PesapalApi.CheckOrder(body, out var amount, out var currency) is { } invalid)
        {
            return (invalid, null);
        }

        var id = SimulatorJson.Text(body, "id")!;
        var ipn = _ipns.Find(SimulatorJson.Text(body, "notification_id"));
        var trackingId = Random.NextGuid();
        PesapalOrder order;
        lock (_gate)
        {
            while (_orders.ContainsKey(trackingId))
            {
                trackingId = Random.NextGuid(); // never reuse a tracking id, restored ones included
            }

            if (ipn is null)
            {
                return (PesapalApi.Error(400, "invalid_notification_id", "notification_id is not a registered IPN"), null);
            }

            if (_byReference.ContainsKey(id))
            {
                return (PesapalApi.Error(400, "duplicate_merchant_reference", $"An order with merchant reference {id} already exists"), null);
            }

            order = new PesapalOrder
            {
                Sequence = _created++,
                TrackingId = trackingId,
                MerchantReference = id,
                Amount = amount,
                Currency = currency,
                NotificationId = ipn.Id,
                Phone = SimulatorJson.Text(body is JsonObject o ? o["billing_address"] : null, "phone_number"),
                OrderDescription = SimulatorJson.Text(body, "description"),
                CallbackUrl = SimulatorJson.Text(body, "callback_url"),
                CancellationUrl = Uri.TryCreate(SimulatorJson.Text(body, "cancellation_url"), UriKind.Absolute, out var cancel) ? cancel.AbsoluteUri : null,
                RedirectMode = SimulatorJson.Text(body, "redirect_mode"),
                CreatedAt = TimeProvider.GetUtcNow(),
            };
            _orders.Add(trackingId, order);
            _byReference.Add(order.MerchantReference, order);
        }

        Journal(order.ToJournal());
        return (PesapalApi.OrderAccepted(order, BaseAddress), order);
    }

    /// <summary>The answer with the checkout page was sent: from now on the payer can pay.</summary>
    private void Delivered(PesapalOrder order)
    {
        lock (_gate)
        {
            order.ReplyDelivered = true;
        }

        Journal(order.ToJournal());
        if (AutoPay)
        {
            Schedule(PayerDelay, () => Track(AutoPayAsync(order)));
        }
    }

    /// <summary>The simulated payer pays, unless a browser opened the checkout page (the payer acts there).</summary>
    private Task<bool> AutoPayAsync(PesapalOrder order)
    {
        lock (_gate)
        {
            if (order.PageOpened)
            {
                return Task.FromResult(false);
            }
        }

        return CompleteCoreAsync(order, success: true);
    }


    private ResponseMessage Status(string? trackingId)
    {
        lock (_gate)
        {
            return trackingId is not null && _orders.TryGetValue(trackingId, out var order)
                ? PesapalApi.Status(order)
                : PesapalApi.Error(200, "invalid_order_tracking_id", "Invalid order tracking id");
        }
    }

    private async Task<bool> CompleteCoreAsync(PesapalOrder order, bool success)
    {
        var decline = success ? Draw(SimulatorFaultKind.Decline) : null;
        SimulatedCharge? charge = null;
        lock (_gate)
        {
            if (order.StatusCode != 0 || !order.ReplyDelivered)
            {
                return false;
            }

            if (success && decline is null)
            {
                order.StatusCode = 1;
                order.Description = "Payment completed";
                order.ConfirmationCode = Random.NextString(10, ReceiptAlphabet);
                order.PaidAmount = PaidAmount;
                order.PaidCurrency = PaidCurrency;
                order.PayerAccount = PayerAccount;
                order.PaymentMethod = PaymentMethod;
                charge = order.ToCharge(ProviderName, TimeProvider.GetUtcNow());
            }
            else
            {
                order.StatusCode = 2;
                order.Description = decline?.Code ?? "Payment cancelled by the payer";
            }
        }

        Journal(order.ToJournal());
        if (charge is not null)
        {
            RecordCharge(charge);
        }

        await SendIpnAsync(order).ConfigureAwait(false);
        return true;
    }
}
