using System.Security.Cryptography;
using Resilience.Payments.Testing.Simulators.Paystack.Internal;

namespace Resilience.Payments.Testing.Simulators.Paystack;

/// <summary>
/// A Paystack API on a real local HTTP port (WireMock.Net): <c>POST /transaction/initialize</c> (its <c>authorization_url</c> is the
/// simulator's own checkout page, <c>{BaseAddress}checkout/{access_code}</c>, with Pay and Cancel buttons that send the payer back
/// to the <c>callback_url</c> with <c>?trxref=&amp;reference=</c>), <c>POST /charge</c> (saved card by <c>authorization_code</c>,
/// M-Pesa by <c>mobile_money</c>), <c>POST /transaction/charge_authorization</c>, <c>GET /charge/{reference}</c>,
/// <c>GET /transaction/verify/{reference}</c> and <c>GET /transaction/{id}</c>, a bearer key check, its own books of transactions by
/// reference (<see cref="Transactions"/>) that refuse a reused reference like Paystack does, M-Pesa charges that answer
/// <c>pay_offline</c> and complete after <see cref="PayerDelay"/> with a signed webhook, and the seeded faults of
/// <see cref="ProviderSimulator"/>, optionally limited to a window of its clock. Requests are read as leniently as Paystack reads
/// them: only <c>email</c> and <c>amount</c> (a number or a numeric string, in the subunit) are required, the currency defaults to
/// <see cref="DefaultCurrency"/>, a missing reference is generated, unknown fields are ignored. Answers and webhooks carry what
/// Paystack's documented samples carry (<c>customer</c>, <c>authorization</c>, <c>fees</c> of the Kenyan price list, <c>log</c>,
/// <c>metadata</c>, <c>paid_at</c>, <c>requested_amount</c>...). Fault kinds on Paystack:
/// <see cref="SimulatorFaultKind.Http503"/>, <see cref="SimulatorFaultKind.RateLimited"/> (HTTP 429) and <see cref="SimulatorFaultKind.Slow"/>
/// on every API endpoint; <see cref="SimulatorFaultKind.ChargeThenNoReply"/> on <c>/charge</c> and <c>charge_authorization</c>;
/// <see cref="SimulatorFaultKind.Decline"/> (the code is the gateway response) on those and on the checkout page's Pay; the callback
/// faults on the webhooks. Paystack-specific switches: <see cref="LandChargesLate"/>
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
    private readonly PaystackRefundDesk _refundDesk;
    private string _defaultCurrency = "KES";
    private readonly PaystackTransactionDesk _desk;
    private readonly PaystackCheckout _checkout;
    private int _requestCount;

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
        _desk = new PaystackTransactionDesk(this);
        _checkout = new PaystackCheckout(this, _desk);
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "paystack";

    /// <summary>Gets the secret key.</summary>
    public string SecretKey { get; }

    /// <summary>
    /// Gets or sets the integration's currency: what <c>/transaction/initialize</c>, <c>/charge</c> and
    /// <c>/transaction/charge_authorization</c> record when the request names none, as Paystack does ("defaults to your integration
    /// currency"). <c>KES</c> by default (a Kenyan integration).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not three capital letters (an ISO 4217 code such as <c>KES</c>).</exception>
    public string DefaultCurrency
    {
        get => _defaultCurrency;
        set => _defaultCurrency = value is { Length: 3 } && value.All(char.IsAsciiLetterUpper)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "DefaultCurrency must be an ISO 4217 code of three capital letters, such as KES.");
    }

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
    public IReadOnlyList<PaystackSimulatedTransaction> Transactions => _desk.Snapshot();

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
        _desk.SetPreempt(amountMinor, currency);
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
    public Task<bool> OpenTransactionAsync(string reference, long amountMinor, string currency = "KES", bool paid = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(currency);
        return _desk.OpenAsync(reference, amountMinor, currency, paid);
    }

    /// <summary>
    /// Completes a waiting transaction now and sends its webhook: an M-Pesa charge (<c>pay_offline</c>) or an unpaid checkout, as the
    /// checkout page's Pay button does (a checkout paid so gets a reusable card authorization, chargeable with
    /// <c>/transaction/charge_authorization</c>).
    /// </summary>
    /// <param name="reference">The transaction reference.</param>
    /// <param name="success">Whether the payer paid (<c>charge.success</c>) or the payment failed (<c>charge.failed</c>).</param>
    /// <returns>Whether a waiting transaction was completed.</returns>
    public Task<bool> CompleteAsync(string reference, bool success = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        return _desk.CompleteAsync(reference, success);
    }

    /// <summary>
    /// The payer cancels an unpaid checkout, as the checkout page's Cancel button does: the transaction stays <c>abandoned</c> (Paystack's
    /// status for "the customer has not completed the transaction"; still payable, as Paystack's sessions never expire), no webhook.
    /// </summary>
    /// <param name="reference">The transaction reference.</param>
    /// <returns>Whether an unpaid checkout was found.</returns>
    public bool AbandonCheckout(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        return _desk.Abandon(reference);
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
            }
            else
            {
                _desk.Restore(record);
            }
        }
    }

    /// <summary>Finds a transaction by reference or by id, as <c>POST /refund</c> does: what it is now, and its JSON.</summary>
    internal (long Id, string Reference, long AmountMinor, string Currency, string Status, JsonObject Json)? FindTransaction(string referenceOrId) => _desk.Find(referenceOrId);

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = request.AbsolutePath?.TrimEnd('/') ?? string.Empty;
        Interlocked.Increment(ref _requestCount);
        if (PaystackCheckout.Handles(path))
        {
            return _checkout.Handle(request, path); // another host in reality: no key, no API faults
        }

        if (await DrawRequestFaultsAsync(PaystackApi.Answers).ConfigureAwait(false) is { } fault)
        {
            return fault;
        }

        if (!IsAuthorized(SimulatorJson.Header(request, "Authorization")))
        {
            return PaystackApi.Refuse(401, "Invalid key");
        }

        if (PaystackRefundDesk.Handles(path))
        {
            return await _refundDesk.HandleAsync(request, path).ConfigureAwait(false);
        }

        if (request.Method == "GET")
        {
            return Get(request, path);
        }

        var isCharge = path is "/charge" or "/transaction/charge_authorization";
        if (request.Method != "POST" || (!isCharge && path != "/transaction/initialize"))
        {
            return PaystackApi.Refuse(404, "Route not found");
        }

        if (!PaystackRequest.TryParseBody(request, out var body))
        {
            return PaystackApi.Refuse(400, "Invalid JSON body");
        }

        _desk.Preempted(body);
        if (!isCharge)
        {
            return _desk.Initialize(body);
        }

        Func<JsonNode?, (ResponseMessage Answer, PaystackEntry? Entry)> charge = path == "/charge" ? _desk.Charge : _desk.ChargeAuthorization;
        if (ChargeLandingDelay is { } landing)
        {
            // Queued: the charge lands later on the clock, and this request is never answered.
            Schedule(landing, () => charge(body));
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
            return PaystackApi.Refuse(504, "Gateway timeout");
        }

        var (answer, entry) = charge(body);
        if (entry is not null && Draw(SimulatorFaultKind.ChargeThenNoReply) is not null)
        {
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // charged; the reply never comes
        }

        return answer;
    }

    private ResponseMessage Get(IRequestMessage request, string path)
    {
        switch (path)
        {
            case "/transaction":
                return PaystackTransactionListing.List(_desk.Transactions(), name => SimulatorJson.Query(request, name));
            case "/transaction/totals":
                return PaystackTransactionListing.Totals(_desk.Transactions(), name => SimulatorJson.Query(request, name));
        }

        if (path.StartsWith(PaystackApi.VerifyPrefix, StringComparison.Ordinal))
        {
            return _desk.Verify(Uri.UnescapeDataString(path[PaystackApi.VerifyPrefix.Length..]));
        }

        if (path.StartsWith(PaystackApi.ChargePrefix, StringComparison.Ordinal) && path.Length > PaystackApi.ChargePrefix.Length)
        {
            return _desk.CheckCharge(Uri.UnescapeDataString(path[PaystackApi.ChargePrefix.Length..]));
        }

        var rest = path.StartsWith(PaystackApi.TransactionPrefix, StringComparison.Ordinal) ? path[PaystackApi.TransactionPrefix.Length..] : string.Empty;
        return rest.Length > 0 && !rest.Contains('/', StringComparison.Ordinal) ? _desk.Fetch(Uri.UnescapeDataString(rest)) : PaystackApi.Refuse(404, "Route not found");
    }

    /// <summary>The secret key as a bearer token (the scheme's case ignored, as HTTP says: RFC 9110 §11.1).</summary>
    private bool IsAuthorized(string? authorization) =>
        authorization is { Length: > 7 } && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && string.Equals(authorization[7..].Trim(), SecretKey, StringComparison.Ordinal);
}
