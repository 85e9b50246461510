using System.Security.Cryptography;
using Resilience.Payments.Testing.Simulators.Paystack.Internal;

namespace Resilience.Payments.Testing.Simulators.Paystack;

/// <summary>
/// A Paystack API on a real local HTTP port (WireMock.Net): <c>POST /charge</c> (saved card by <c>authorization_code</c>,
/// M-Pesa by <c>mobile_money</c>), <c>POST /transaction/initialize</c>, <c>GET /transaction/verify/{reference}</c>, a bearer
/// key check, its own books of transactions by reference (<see cref="Transactions"/>) that refuse a reused reference like Paystack
/// does, M-Pesa charges that answer <c>pay_offline</c> and complete after <see cref="PayerDelay"/> with a signed webhook, and
/// the seeded faults of <see cref="ProviderSimulator"/>, optionally limited to a window of its clock. Fault kinds on Paystack:
/// <see cref="SimulatorFaultKind.Http503"/>, <see cref="SimulatorFaultKind.RateLimited"/> (HTTP 429) and <see cref="SimulatorFaultKind.Slow"/>
/// on every endpoint; <see cref="SimulatorFaultKind.ChargeThenNoReply"/> and <see cref="SimulatorFaultKind.Decline"/> (the code is the
/// gateway response) on <c>/charge</c>; the callback faults on the webhooks. Paystack-specific switches: <see cref="LandChargesLate"/>
/// (a <c>/charge</c> never answered whose transaction appears only later on the clock), <see cref="ChargedAmountMinor"/>,
/// <see cref="ChargedCurrency"/> and <see cref="PayerPhone"/> (the payer pays another amount, in another currency, from another
/// wallet), <see cref="Preempt"/> and <see cref="OpenTransactionAsync"/> (someone opened a transaction under the reference first, as
/// Paystack's inline checkout lets anyone with the public key do). Refunds: <c>POST /refund</c> (partial or full, never more than
/// charged in total: the excess is refused as Paystack refuses it), <c>GET /refund/:id</c> and <c>GET /refund?transaction=</c>;
/// each refund moves pending → processing → processed every <see cref="RefundStepDelay"/> with a signed <c>refund.*</c> webhook
/// per status (lost with <see cref="ProviderSimulator{TSelf}.LoseCallbacks"/>), recorded in <see cref="ProviderSimulator.Refunds"/>
/// once processed; faults <see cref="RefundsFail"/>, <see cref="RefundsNeedAttention"/> and <see cref="AnswerRefundsLate"/>.
/// </summary>
public sealed class PaystackSimulator : ProviderSimulator<PaystackSimulator>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PaystackEntry> _entries = new(StringComparer.Ordinal);
    private long _nextId = 4_000_000_001;
    private int _requestCount;
    private (long AmountMinor, string? Currency)? _preempt;
    private readonly PaystackRefundDesk _refundDesk;

    /// <summary>Starts the simulator on a free local port.</summary>
    /// <param name="secretKey">The secret key clients must send as bearer token; it also signs webhooks.</param>
    /// <param name="seed">Seeds every random decision (fault rates, webhook loss and duplication).</param>
    /// <param name="timeProvider">The clock of fault windows and M-Pesa completion; the system clock when <see langword="null"/>.</param>
    public PaystackSimulator(string secretKey = "sk_test_simulator", int seed = 1, TimeProvider? timeProvider = null)
        : base(timeProvider, seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        SecretKey = secretKey;
        _refundDesk = new PaystackRefundDesk(this);
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "paystack";

    /// <summary>Gets the secret key.</summary>
    public string SecretKey { get; }

    /// <summary>Gets or sets where completion webhooks are POSTed; when <see langword="null"/> they are only recorded in <see cref="ProviderSimulator.Callbacks"/>.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets or sets how long after the charge an M-Pesa payer "approves" on the phone; 10 seconds by default, on the simulator's clock.</summary>
    public TimeSpan PayerDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets a value indicating whether M-Pesa charges complete successfully (<see langword="true"/>, the default) or fail (the payer cancels).</summary>
    public bool MobileMoneySucceeds { get; set; } = true;

    /// <summary>
    /// Gets or sets how long after it arrived a <c>/charge</c> lands (is recorded and, for a card, charged), on the simulator's clock;
    /// <see langword="null"/> (the default) for at once. While set, <c>/charge</c> requests are never answered: what an overloaded
    /// Paystack does with a request it queued (a verify before the landing answers "Transaction reference not found"). Set it with
    /// <see cref="LandChargesLate"/>.
    /// </summary>
    public TimeSpan? ChargeLandingDelay { get; set; }

    /// <summary>Gets or sets the amount, in the subunit, every new transaction records instead of the one requested (a payer who pays another amount); <see langword="null"/> (the default) for the requested amount.</summary>
    public long? ChargedAmountMinor { get; set; }

    /// <summary>Gets or sets the currency every new transaction records instead of the one requested; <see langword="null"/> (the default) for the requested currency.</summary>
    public string? ChargedCurrency { get; set; }

    /// <summary>
    /// Gets or sets the wallet that pays mobile money charges, reported as <c>authorization.mobile_money_number</c> (for example
    /// <c>254722000111</c>); <see langword="null"/> (the default) for the phone the charge was sent to.
    /// </summary>
    public string? PayerPhone { get; set; }

    /// <summary>Gets every transaction recorded (paid, failed, waiting or abandoned), in the order they were created, as they stand now.</summary>
    public IReadOnlyList<PaystackSimulatedTransaction> Transactions
    {
        get
        {
            lock (_gate)
            {
                return _entries.Values.OrderBy(e => e.Id).Select(e => e.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Gets every refund taken (pending, processing, needs-attention, processed or failed), in order, as it stands now.</summary>
    public IReadOnlyList<PaystackSimulatedRefund> RefundRecords => _refundDesk.Snapshot();

    /// <summary>Gets or sets how long a refund stays in each status before the next (pending → processing → processed), on the simulator's clock; 1 minute by default.</summary>
    public TimeSpan RefundStepDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets a value indicating whether new refunds fail (pending → processing → failed, <c>refund.failed</c>): the processor rejects them.</summary>
    public bool RefundsFail { get; set; }

    /// <summary>Gets or sets a value indicating whether new refunds need attention first (pending → needs-attention → processing → processed).</summary>
    public bool RefundsNeedAttention { get; set; }

    /// <summary>Gets or sets how long (real time) the answer to <c>POST /refund</c> is held after the refund is made; <see cref="Timeout.InfiniteTimeSpan"/> for never; <see langword="null"/> (the default) to answer at once. Set it with <see cref="AnswerRefundsLate"/>.</summary>
    public TimeSpan? RefundReplyDelay { get; set; }

    /// <summary>Gets the number of HTTP requests the simulator answered or swallowed since it started.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Holds every <c>/charge</c> without an answer and lands it <paramref name="delay"/> later on the simulator's clock (see <see cref="ChargeLandingDelay"/>).</summary>
    /// <param name="delay">How long after its arrival a charge lands.</param>
    /// <returns>This simulator.</returns>
    public PaystackSimulator LandChargesLate(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ChargeLandingDelay = delay;
        return this;
    }

    /// <summary>Makes every refund, then holds its answer <paramref name="delay"/> (real time; never when <see langword="null"/>), past the client's timeout (see <see cref="RefundReplyDelay"/>).</summary>
    /// <param name="delay">How long the answer is held.</param>
    /// <returns>This simulator.</returns>
    public PaystackSimulator AnswerRefundsLate(TimeSpan? delay = null)
    {
        RefundReplyDelay = delay ?? Timeout.InfiniteTimeSpan;
        return this;
    }

    /// <summary>
    /// The predictable-reference attack: from now on, every <c>/charge</c> or <c>/transaction/initialize</c> whose reference is new
    /// finds a transaction someone else opened under that reference first (inline checkout, public key) and paid
    /// <paramref name="amountMinor"/>; the merchant's request is refused as a duplicate reference, as Paystack refuses it.
    /// </summary>
    /// <param name="amountMinor">What the other transaction paid, in the subunit (100 is KES 1).</param>
    /// <param name="currency">Its currency; the merchant's request's when <see langword="null"/>.</param>
    /// <returns>This simulator.</returns>
    public PaystackSimulator Preempt(long amountMinor, string? currency = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMinor);
        lock (_gate)
        {
            _preempt = (amountMinor, currency);
        }

        return this;
    }

    /// <summary>
    /// Opens a transaction under <paramref name="reference"/> as someone with the integration's public key can (Paystack's inline
    /// checkout lets the payer's browser choose the reference), paid at once when <paramref name="paid"/>, and sends its webhook.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="amountMinor">The amount, in the subunit.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="paid">Whether it is paid (<c>success</c>) or left <c>abandoned</c>.</param>
    /// <returns>Whether it was opened (<see langword="false"/> when the reference is taken).</returns>
    public async Task<bool> OpenTransactionAsync(string reference, long amountMinor, string currency = "KES", bool paid = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(currency);
        PaystackEntry entry;
        lock (_gate)
        {
            if (_entries.ContainsKey(reference))
            {
                return false;
            }

            entry = AddEntry(reference, "card", amountMinor, currency, "payer@elsewhere.example", "abandoned", "The transaction was not completed", null);
        }

        Journal(entry.ToJournal());
        return !paid || await CompleteAsync(reference, success: true).ConfigureAwait(false);
    }

    /// <summary>Completes a waiting transaction (M-Pesa <c>pay_offline</c> or an unpaid checkout) now, and sends its webhook.</summary>
    /// <param name="reference">The transaction reference.</param>
    /// <param name="success">Whether the payer paid.</param>
    /// <returns>Whether a waiting transaction was completed.</returns>
    public async Task<bool> CompleteAsync(string reference, bool success = true)
    {
        JsonObject data;
        PaystackEntry completed;
        lock (_gate)
        {
            if (!_entries.TryGetValue(reference, out var entry) || entry.Status is not ("pay_offline" or "abandoned"))
            {
                return false;
            }

            entry.Status = success ? "success" : "failed";
            entry.GatewayResponse = success ? "Approved" : "Transaction was cancelled by the payer";
            entry.PaidAt = success ? TimeProvider.GetUtcNow() : null;
            data = entry.ToJson();
            completed = entry;
        }

        Journal(completed.ToJournal());
        if (success)
        {
            RecordCharge(completed.ToCharge(ProviderName, TimeProvider.GetUtcNow()));
        }

        var @event = success ? "charge.success" : "charge.failed";
        var body = new JsonObject { ["event"] = @event, ["data"] = data }.ToJsonString();
        var callback = new SimulatedCallback(ProviderName, reference, completed.Id.ToString(CultureInfo.InvariantCulture), "POST", CallbackUrl, body, 0, TimeProvider.GetUtcNow())
        {
            Event = @event,
            Headers = new Dictionary<string, string> { ["x-paystack-signature"] = Sign(body, SecretKey) },
        };
        await SendCallbackAsync(callback).ConfigureAwait(false);
        return true;
    }

    /// <summary>Signs <paramref name="body"/> like Paystack: lowercase hex HMAC-SHA512 keyed with <paramref name="secretKey"/>.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="secretKey">The secret key.</param>
    /// <returns>The <c>x-paystack-signature</c> value.</returns>
    public static string Sign(string body, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        return Convert.ToHexString(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
    }

    /// <inheritdoc />
    internal override void MapRoutes(WireMockServer server) =>
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));

    /// <inheritdoc />
    internal override void Restore(IReadOnlyCollection<JsonObject> records)
    {
        foreach (var record in records)
        {
            if (PaystackRefundEntry.IsJournalRecord(record))
            {
                _refundDesk.Restore(record);
                continue;
            }

            var entry = PaystackEntry.FromJournal(record);
            lock (_gate)
            {
                _entries[entry.Reference] = entry;
                _nextId = Math.Max(_nextId, entry.Id + 1);
            }

            Resume(entry, entry.CreatedAt);
        }
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = request.AbsolutePath?.TrimEnd('/') ?? string.Empty;
        var isCharge = path == "/charge" && request.Method == "POST";
        Interlocked.Increment(ref _requestCount);
        if (await DrawRequestFaultsAsync(PaystackApi.Answers).ConfigureAwait(false) is { } fault)
        {
            return fault;
        }

        if (!string.Equals(SimulatorJson.Header(request, "Authorization"), "Bearer " + SecretKey, StringComparison.Ordinal))
        {
            return PaystackApi.Refuse(401, "Invalid key");
        }

        if (PaystackRefundDesk.Handles(path))
        {
            return await _refundDesk.HandleAsync(request, path).ConfigureAwait(false);
        }

        if (request.Method == "GET" && path.StartsWith(PaystackApi.VerifyPrefix, StringComparison.Ordinal))
        {
            return Verify(Uri.UnescapeDataString(path[PaystackApi.VerifyPrefix.Length..]));
        }

        if (request.Method != "POST" || (path != "/charge" && path != "/transaction/initialize"))
        {
            return PaystackApi.Refuse(404, "Route not found");
        }

        if (!SimulatorJson.TryParse(request, out var body))
        {
            return PaystackApi.Refuse(400, "Invalid JSON body");
        }

        Preempted(body);
        if (isCharge && ChargeLandingDelay is { } landing)
        {
            // Queued: the charge lands later on the clock, and this request is never answered.
            Schedule(landing, () => Charge(body));
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
            return PaystackApi.Refuse(504, "Gateway timeout");
        }

        var (answer, entry) = isCharge ? Charge(body) : Initialize(body);
        if (isCharge && entry is not null && Draw(SimulatorFaultKind.ChargeThenNoReply) is not null)
        {
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // charged; the reply never comes
        }

        return answer;
    }

    /// <summary>Under <see cref="Preempt"/>: someone else's paid transaction already holds a new reference.</summary>
    private void Preempted(JsonNode? body)
    {
        (long AmountMinor, string? Currency)? preempt;
        lock (_gate)
        {
            preempt = _preempt;
        }

        if (preempt is { } p && SimulatorJson.Text(body, "reference") is { Length: > 0 } reference && SimulatorJson.Text(body, "currency") is { Length: 3 } currency)
        {
            // synchronously: the merchant's request, processed next, must find it
            _ = OpenTransactionAsync(reference, p.AmountMinor, p.Currency ?? currency, paid: true);
        }
    }

    private (ResponseMessage Answer, PaystackEntry? Entry) Charge(JsonNode? body)
    {
        if (PaystackApi.Validate(body) is { } invalid)
        {
            return (invalid, null);
        }

        if (PaystackApi.ChargeChannel(body!, PayerPhone, out var channel, out var payer) is { } refused)
        {
            return (refused, null);
        }

        var decline = Draw(SimulatorFaultKind.Decline);
        var status = decline is not null ? "failed" : channel == "card" ? "success" : "pay_offline";
        var gatewayResponse = decline?.Code ?? (status == "success" ? "Approved" : "Awaiting payer authorization");
        PaystackEntry entry;
        lock (_gate)
        {
            if (_entries.ContainsKey(SimulatorJson.Text(body, "reference")!))
            {
                return (PaystackApi.Refuse(400, "Transaction reference has previously been used"), null);
            }

            entry = NewEntry(body, channel, status, gatewayResponse, payer);
        }

        Journal(entry.ToJournal());
        Resume(entry, TimeProvider.GetUtcNow());
        var data = entry.ToJson();
        if (status == "pay_offline")
        {
            data["display_text"] = "Please complete authorization process on your mobile phone";
        }

        return (PaystackApi.Ok("Charge attempted", data), entry);
    }

    private (ResponseMessage Answer, PaystackEntry? Entry) Initialize(JsonNode? body)
    {
        if (PaystackApi.Validate(body) is { } invalid)
        {
            return (invalid, null);
        }

        PaystackEntry entry;
        lock (_gate)
        {
            if (_entries.ContainsKey(SimulatorJson.Text(body, "reference")!))
            {
                return (PaystackApi.Refuse(400, "Duplicate Transaction Reference"), null);
            }

            entry = NewEntry(body, "checkout", "abandoned", "The transaction was not completed", null);
        }

        Journal(entry.ToJournal());
        return (PaystackApi.Initialized(entry), entry);
    }

    /// <summary>A new or restored transaction: a success is money moved; a mobile money charge completes after <see cref="PayerDelay"/>.</summary>
    private void Resume(PaystackEntry entry, DateTimeOffset chargedAt)
    {
        if (entry.Status == "success")
        {
            RecordCharge(entry.ToCharge(ProviderName, chargedAt));
        }
        else if (entry.Status == "pay_offline")
        {
            var reference = entry.Reference;
            Schedule(PayerDelay, () => Track(CompleteAsync(reference, MobileMoneySucceeds)));
        }
    }

    private PaystackEntry NewEntry(JsonNode? body, string channel, string status, string gatewayResponse, string? payer) =>
        AddEntry(
            SimulatorJson.Text(body, "reference")!,
            channel,
            ChargedAmountMinor ?? long.Parse(SimulatorJson.Text(body, "amount")!, NumberStyles.None, CultureInfo.InvariantCulture),
            ChargedCurrency ?? SimulatorJson.Text(body, "currency")!,
            SimulatorJson.Text(body, "email")!,
            status,
            gatewayResponse,
            payer);

    /// <summary>Records a transaction (under the lock).</summary>
    private PaystackEntry AddEntry(string reference, string channel, long amountMinor, string currency, string email, string status, string gatewayResponse, string? payer)
    {
        var now = TimeProvider.GetUtcNow();
        var entry = new PaystackEntry
        {
            Id = _nextId++,
            Reference = reference,
            Channel = channel,
            AmountMinor = amountMinor,
            Currency = currency,
            Email = email,
            Status = status,
            GatewayResponse = gatewayResponse,
            CreatedAt = now,
            PaidAt = status == "success" ? now : null,
            Payer = payer,
        };
        _entries.Add(entry.Reference, entry);
        return entry;
    }

    /// <summary>Finds a transaction by reference or by id, as <c>POST /refund</c> does: what it is now, and its JSON.</summary>
    internal (long Id, string Reference, long AmountMinor, string Currency, string Status, JsonObject Json)? FindTransaction(string referenceOrId)
    {
        lock (_gate)
        {
            var entry = _entries.TryGetValue(referenceOrId, out var byReference) ? byReference : _entries.Values.FirstOrDefault(e => e.Id.ToString(CultureInfo.InvariantCulture) == referenceOrId);
            return entry is null ? null : (entry.Id, entry.Reference, entry.AmountMinor, entry.Currency, entry.Status, entry.ToJson());
        }
    }

    private ResponseMessage Verify(string reference) =>
        FindTransaction(reference) is { } found && found.Reference == reference ? PaystackApi.Verified(found.Json) : PaystackApi.Refuse(404, "Transaction reference not found");
}
