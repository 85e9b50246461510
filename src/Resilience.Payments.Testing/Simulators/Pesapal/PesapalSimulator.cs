using Resilience.Payments.Testing.Simulators.Pesapal.Internal;

namespace Resilience.Payments.Testing.Simulators.Pesapal;

/// <summary>
/// A Pesapal API 3.0 on a real local HTTP port (WireMock.Net): <c>POST /api/Auth/RequestToken</c> (tokens valid
/// <see cref="TokenLifetime"/> on the simulator's clock), <c>POST /api/URLSetup/RegisterIPN</c>,
/// <c>POST /api/Transactions/SubmitOrderRequest</c> (merchant references are unique) and
/// <c>GET /api/Transactions/GetTransactionStatus</c>, its own books of orders (<see cref="Transactions"/>), a simulated payer who
/// pays on the checkout page after <see cref="PayerDelay"/> (or when a test calls <see cref="CompleteAsync"/>), and an IPN to the
/// registered URL, POST or GET, on every status change.
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
    private readonly Dictionary<string, (Uri Url, string Method)> _ipns = new(StringComparer.Ordinal);
    private readonly BearerTokens _tokens;
    private long _created;
    private int _requestCount;
    private int _ipnRegistrations;

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

    /// <summary>Gets or sets a value indicating whether the simulated payer pays every order whose checkout page reached the merchant, <see cref="PayerDelay"/> after it was submitted. Default <see langword="true"/>.</summary>
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
    public int IpnRegistrations => Volatile.Read(ref _ipnRegistrations);

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
        foreach (var record in records.Where(r => r["ipn"] is not null))
        {
            lock (_gate)
            {
                _ipns[(string)record["ipn"]!] = (new Uri((string)record["url"]!), (string)record["method"]!);
            }
        }

        foreach (var record in records.Where(r => r["ipn"] is null))
        {
            var order = PesapalOrder.FromJournal(record);
            lock (_gate)
            {
                _orders[order.TrackingId] = order;
                _byReference[order.MerchantReference] = order;
                _created = Math.Max(_created, order.Sequence + 1);
            }

            if (order.StatusCode == 1)
            {
                RecordCharge(order.ToCharge(ProviderName, order.CreatedAt));
            }
            else if (order.StatusCode == 0 && order.ReplyDelivered && AutoPay)
            {
                Schedule(PayerDelay, () => Track(CompleteCoreAsync(order, success: true)));
            }
        }
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _requestCount);
        var path = request.AbsolutePath?.TrimEnd('/') ?? string.Empty;
        if (await DrawRequestFaultsAsync(PesapalApi.Answers).ConfigureAwait(false) is { } fault)
        {
            return fault;
        }

        JsonNode? body = null;
        if (request.Method == "POST" && !SimulatorJson.TryParse(request, out body))
        {
            return PesapalApi.Error(400, "invalid_json", "The request body is not JSON");
        }

        if (request.Method == "POST" && path == PesapalApi.TokenPath)
        {
            return RequestToken(body);
        }

        if (!_tokens.IsAuthorized(request))
        {
            return PesapalApi.Error(401, "unauthorized", "Invalid or expired token", "401");
        }

        switch (request.Method, path)
        {
            case ("POST", "/api/URLSetup/RegisterIPN"):
                return RegisterIpn(body);
            case ("POST", "/api/Transactions/SubmitOrderRequest"):
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
            case ("GET", "/api/Transactions/GetTransactionStatus"):
                return Status(SimulatorJson.Query(request, "orderTrackingId"));
            default:
                return PesapalApi.Error(404, "not_found", "Route not found", "404");
        }
    }

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

    private ResponseMessage RegisterIpn(JsonNode? body)
    {
        if (PesapalApi.CheckIpn(body, out var url, out var method) is { } invalid)
        {
            return invalid;
        }

        var id = Random.NextGuid();
        lock (_gate)
        {
            _ipns[id] = (url, method);
        }

        Journal(new JsonObject { ["id"] = "ipn:" + id, ["ipn"] = id, ["url"] = url.AbsoluteUri, ["method"] = method });
        Interlocked.Increment(ref _ipnRegistrations);
        return PesapalApi.IpnRegistered(id, url, method, TimeProvider.GetUtcNow());
    }

    private (ResponseMessage Answer, PesapalOrder? Order) SubmitOrder(JsonNode? body)
    {
        if (PesapalApi.CheckOrder(body, out var amount, out var currency) is { } invalid)
        {
            return (invalid, null);
        }

        var id = SimulatorJson.Text(body, "id")!;
        var notificationId = SimulatorJson.Text(body, "notification_id");
        var trackingId = Random.NextGuid();
        PesapalOrder order;
        lock (_gate)
        {
            while (_orders.ContainsKey(trackingId))
            {
                trackingId = Random.NextGuid(); // never reuse a tracking id, restored ones included
            }

            if (notificationId is null || !_ipns.ContainsKey(notificationId))
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
                NotificationId = notificationId,
                Phone = SimulatorJson.Text(body is JsonObject o ? o["billing_address"] : null, "phone_number"),
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
            Schedule(PayerDelay, () => Track(CompleteCoreAsync(order, success: true)));
        }
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

    private Task<int> SendIpnAsync(PesapalOrder order)
    {
        (Uri Url, string Method)? target;
        lock (_gate)
        {
            target = _ipns.TryGetValue(order.NotificationId, out var t) ? t : null;
        }

        return SendCallbackAsync(PesapalApi.Ipn(ProviderName, order, target?.Url, target?.Method ?? "POST"));
    }
}
