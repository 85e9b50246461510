namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// The transactions of a <see cref="PaystackSimulator"/>: its books by reference (a reused reference is refused), the requests that
/// open one (<c>/transaction/initialize</c>, <c>/charge</c>, <c>/transaction/charge_authorization</c>), the lookups (verify,
/// <c>GET /charge/{reference}</c>, <c>GET /transaction/{id}</c>), the payer's completion with its signed webhook, and the journal.
/// </summary>
internal sealed class PaystackTransactionDesk
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly object _gate = new();
    private readonly Dictionary<string, PaystackEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _accessCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Id, string Code)> _customers = new(StringComparer.OrdinalIgnoreCase);
    private readonly PaystackSimulator _simulator;
    private readonly SeededRandom _codes;
    private long _nextId = 4_000_000_001;
    private long _nextCustomerId = 180_000_001;
    private (long AmountMinor, string? Currency)? _preempt;

    public PaystackTransactionDesk(PaystackSimulator simulator)
    {
        _simulator = simulator;
        _codes = new SeededRandom(unchecked(simulator.Seed * 31) + 7); // its own source: codes never shift the fault draws
    }

    /// <summary>Gets <c>test</c> or <c>live</c>, after the secret key.</summary>
    public string Domain => _simulator.SecretKey.StartsWith("sk_live_", StringComparison.Ordinal) ? "live" : "test";

    /// <summary>Gets every transaction, in the order created, as it stands now.</summary>
    public IReadOnlyList<PaystackSimulatedTransaction> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Values.OrderBy(e => e.Id).Select(e => e.Snapshot()).ToList();
        }
    }

    /// <summary>Gets every transaction with its JSON as the API shows it, for the listings (<see cref="PaystackTransactionListing"/>).</summary>
    public IReadOnlyList<(PaystackEntry Entry, JsonObject Json)> Transactions()
    {
        lock (_gate)
        {
            return _entries.Values.Select(e => (e, Json(e))).ToList();
        }
    }

    /// <summary>Sets the predictable-reference attack (<see cref="PaystackSimulator.Preempt"/>).</summary>
    public void SetPreempt(long amountMinor, string? currency)
    {
        lock (_gate)
        {
            _preempt = (amountMinor, currency);
        }
    }

    /// <summary>Under <see cref="PaystackSimulator.Preempt"/>: someone else's paid transaction already holds the request's new reference.</summary>
    public void Preempted(JsonNode? body)
    {
        (long AmountMinor, string? Currency)? preempt;
        lock (_gate)
        {
            preempt = _preempt;
        }

        if (preempt is { } p && SimulatorJson.Text(body, "reference") is { Length: > 0 } reference)
        {
            var currency = SimulatorJson.Text(body, "currency") is { Length: 3 } sent ? sent : _simulator.DefaultCurrency;
            _ = OpenAsync(reference, p.AmountMinor, p.Currency ?? currency, paid: true); // completes synchronously: the request, processed next, finds it
        }
    }

    /// <summary>Finds a transaction by reference or by id, as <c>POST /refund</c> does: what it is now, and its JSON.</summary>
    public (long Id, string Reference, long AmountMinor, string Currency, string Status, JsonObject Json)? Find(string referenceOrId)
    {
        lock (_gate)
        {
            var entry = _entries.TryGetValue(referenceOrId, out var byReference) ? byReference : _entries.Values.FirstOrDefault(e => e.Id.ToString(CultureInfo.InvariantCulture) == referenceOrId);
            return entry is null ? null : (entry.Id, entry.Reference, entry.AmountMinor, entry.Currency, entry.Status, Json(entry));
        }
    }

    /// <summary>The checkout behind an access code, as its page shows it.</summary>
    public PaystackCheckoutView? FindCheckout(string accessCode)
    {
        lock (_gate)
        {
            return _accessCodes.TryGetValue(accessCode, out var reference) && _entries.TryGetValue(reference, out var e)
                ? new PaystackCheckoutView(e.Reference, accessCode, e.AmountMinor, e.Currency, e.Email, e.Status, e.PayerAction, e.CallbackUrl, CancelAction(e.Metadata))
                : null;
        }
    }

    /// <summary><c>GET /transaction/verify/{reference}</c>.</summary>
    public ResponseMessage Verify(string reference) =>
        Find(reference) is { } found && found.Reference == reference ? PaystackApi.Verified(found.Json) : PaystackApi.Refuse(404, "Transaction reference not found");

    /// <summary><c>GET /charge/{reference}</c> (check a pending charge): the charge's own status (<c>pay_offline</c> while the payer has not approved).</summary>
    public ResponseMessage CheckCharge(string reference) =>
        Find(reference) is { } found && found.Reference == reference ? PaystackApi.Ok("Reference check successful", found.Json) : PaystackApi.Refuse(404, "Transaction reference not found");

    /// <summary><c>GET /transaction/{id}</c> (fetch a transaction by its numeric id).</summary>
    public ResponseMessage Fetch(string id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return PaystackApi.Refuse(400, "Transaction ID should be numeric.");
        }

        return Find(id) is { } found && found.Id.ToString(CultureInfo.InvariantCulture) == id ? PaystackApi.Ok("Transaction retrieved", found.Json) : PaystackApi.Refuse(404, "Transaction not found");
    }

    /// <summary><c>POST /transaction/initialize</c>: an unpaid checkout (<c>abandoned</c> until the payer pays on the checkout page).</summary>
    public ResponseMessage Initialize(JsonNode? body)
    {
        if (PaystackRequest.Read(body, _simulator.DefaultCurrency, out var order) is { } invalid)
        {
            return invalid;
        }

        if (!TryOpen(order, "checkout", "abandoned", "The transaction was not completed", null, null, 10, out var entry))
        {
            return PaystackApi.Refuse(400, "Duplicate Transaction Reference");
        }

        return PaystackApi.Initialized(entry, _simulator.BaseAddress);
    }

    /// <summary><c>POST /charge</c> (a saved card by <c>authorization_code</c>, or M-PESA by <c>mobile_money</c>).</summary>
    public (ResponseMessage Answer, PaystackEntry? Entry) Charge(JsonNode? body)
    {
        if (PaystackRequest.Read(body, _simulator.DefaultCurrency, out var order) is { } invalid)
        {
            return (invalid, null);
        }

        if (PaystackApi.ChargeChannel(body!, _simulator.PayerPhone, out var channel, out var payer) is { } refused)
        {
            return (refused, null);
        }

        return Attempt(order, channel, payer, channel == "card" ? SimulatorJson.Text(body, "authorization_code") : null, "Transaction reference has previously been used");
    }

    /// <summary><c>POST /transaction/charge_authorization</c>: charges a saved card (<c>authorization_code</c>, <c>email</c>, <c>amount</c>).</summary>
    public (ResponseMessage Answer, PaystackEntry? Entry) ChargeAuthorization(JsonNode? body)
    {
        if (PaystackRequest.Read(body, _simulator.DefaultCurrency, out var order) is { } invalid)
        {
            return (invalid, null);
        }

        var code = SimulatorJson.Text(body, "authorization_code");
        if (string.IsNullOrWhiteSpace(code))
        {
            return (PaystackApi.Refuse(400, "Authorization code is required"), null);
        }

        return PaystackApi.IsAuthorizationCode(code)
            ? Attempt(order, "card", null, code, "Duplicate Transaction Reference")
            : (PaystackApi.Refuse(400, "Invalid authorization code"), null);
    }

    /// <summary>
    /// Completes a waiting transaction (<c>pay_offline</c>, or a checkout not paid yet) and sends its signed webhook; a checkout paid
    /// by card gets an authorization code.
    /// </summary>
    public async Task<bool> CompleteAsync(string reference, bool success, string? gatewayResponse = null, string? ipAddress = null)
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
            entry.GatewayResponse = gatewayResponse ?? (success ? "Approved" : "Transaction was cancelled by the payer");
            entry.PaidAt = success ? _simulator.TimeProvider.GetUtcNow() : null;
            entry.PayerAction = success ? "paid" : "failed";
            entry.IpAddress = ipAddress ?? entry.IpAddress;
            if (success && entry.AuthorizationCode is null)
            {
                entry.AuthorizationCode = NewCode("AUTH_", 10);
            }

            data = Json(entry);
            completed = entry;
        }

        _simulator.Journal(completed.ToJournal());
        if (success)
        {
            _simulator.RecordCharge(completed.ToCharge(_simulator.ProviderName, _simulator.TimeProvider.GetUtcNow()));
        }

        await SendWebhookAsync(success ? "charge.success" : "charge.failed", completed, data).ConfigureAwait(false);
        return true;
    }

    /// <summary>The payer closes an unpaid checkout: it stays <c>abandoned</c> (payable later, as Paystack's sessions never expire), no webhook.</summary>
    public bool Abandon(string reference)
    {
        PaystackEntry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(reference, out entry!) || entry.Status != "abandoned")
            {
                return false;
            }

            entry.PayerAction = "cancelled";
        }

        _simulator.Journal(entry.ToJournal());
        return true;
    }

    /// <summary>Opens a card transaction under <paramref name="reference"/> as the inline checkout lets anyone do (<see cref="PaystackSimulator.OpenTransactionAsync"/>).</summary>
    public async Task<bool> OpenAsync(string reference, long amountMinor, string currency, bool paid)
    {
        var order = new PaystackOrder("payer@elsewhere.example", amountMinor, currency, reference, null, null);
        if (!TryOpen(order, "card", "abandoned", "The transaction was not completed", null, null, 0, out _, exact: true))
        {
            return false;
        }

        return !paid || await CompleteAsync(reference, success: true).ConfigureAwait(false);
    }

    /// <summary>Restores a transaction from the journal and resumes it.</summary>
    public void Restore(JsonObject record)
    {
        var entry = PaystackEntry.FromJournal(record);
        lock (_gate)
        {
            _entries[entry.Reference] = entry;
            if (entry.AccessCode is { } accessCode)
            {
                _accessCodes[accessCode] = entry.Reference;
            }

            if (entry.CustomerCode.Length > 0)
            {
                _customers.TryAdd(entry.Email, (entry.CustomerId, entry.CustomerCode));
                _nextCustomerId = Math.Max(_nextCustomerId, entry.CustomerId + 1);
            }

            _nextId = Math.Max(_nextId, entry.Id + 1);
        }

        Resume(entry, entry.CreatedAt);
    }

    private (ResponseMessage Answer, PaystackEntry? Entry) Attempt(PaystackOrder order, string channel, string? payer, string? authorizationCode, string duplicate)
    {
        var decline = _simulator.Draw(SimulatorFaultKind.Decline);
        var status = decline is not null ? "failed" : channel == "card" ? "success" : "pay_offline";
        var gatewayResponse = decline?.Code ?? (status == "success" ? "Approved" : "Awaiting payer authorization");
        if (!TryOpen(order, channel, status, gatewayResponse, payer, authorizationCode, 15, out var entry))
        {
            return (PaystackApi.Refuse(400, duplicate), null);
        }

        JsonObject data;
        lock (_gate)
        {
            data = Json(entry);
        }

        if (status == "success")
        {
            // Paystack sends charge.success for every successful charge, a saved card's included (https://paystack.com/docs/payments/webhooks/)
            _ = SendWebhookAsync("charge.success", entry, data.DeepClone().AsObject()); // tracked: WhenCallbacksSentAsync waits for it
        }

        if (status == "pay_offline")
        {
            data["status"] = "pay_offline";
            data["display_text"] = "Please complete authorization process on your mobile phone";
        }

        return (PaystackApi.Ok("Charge attempted", data), entry);
    }

    /// <summary>Records a transaction (a reference generated when the order has none), journals and resumes it; <see langword="false"/> when its reference is taken.</summary>
    private bool TryOpen(PaystackOrder order, string channel, string status, string gatewayResponse, string? payer, string? authorizationCode, int referenceLength, out PaystackEntry entry, bool exact = false)
    {
        var now = _simulator.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            var reference = order.Reference ?? NewReference(referenceLength);
            if (_entries.ContainsKey(reference))
            {
                entry = null!;
                return false;
            }

            if (!_customers.TryGetValue(order.Email, out var customer))
            {
                customer = (_nextCustomerId++, NewCode("CUS_", 15));
                _customers.Add(order.Email, customer);
            }

            entry = new PaystackEntry
            {
                Id = _nextId++,
                Reference = reference,
                Channel = channel,
                AmountMinor = exact ? order.AmountMinor : _simulator.ChargedAmountMinor ?? order.AmountMinor,
                RequestedAmountMinor = order.AmountMinor,
                Currency = exact ? order.Currency : _simulator.ChargedCurrency ?? order.Currency,
                Email = order.Email,
                Status = status,
                GatewayResponse = gatewayResponse,
                CreatedAt = now,
                PaidAt = status == "success" ? now : null,
                Payer = payer,
                AccessCode = channel == "checkout" ? NewAccessCode() : null,
                Metadata = order.Metadata,
                CallbackUrl = order.CallbackUrl,
                AuthorizationCode = authorizationCode ?? (channel == "mobile_money" ? NewCode("AUTH_", 10) : null),
                CustomerId = customer.Id,
                CustomerCode = customer.Code,
                PayerAction = channel == "mobile_money" && status == "failed" ? "failed" : null,
            };
            _entries.Add(reference, entry);
            if (entry.AccessCode is { } accessCode)
            {
                _accessCodes.Add(accessCode, reference);
            }
        }

        _simulator.Journal(entry.ToJournal());
        Resume(entry, now);
        return true;
    }

    /// <summary>A new or restored transaction: a success is money moved; a mobile money charge completes after the payer's delay.</summary>
    private void Resume(PaystackEntry entry, DateTimeOffset chargedAt)
    {
        if (entry.Status == "success")
        {
            _simulator.RecordCharge(entry.ToCharge(_simulator.ProviderName, chargedAt));
        }
        else if (entry.Status == "pay_offline")
        {
            var reference = entry.Reference;
            _simulator.Schedule(_simulator.PayerDelay, () => _simulator.Track(CompleteAsync(reference, _simulator.MobileMoneySucceeds)));
        }
    }

    private Task<int> SendWebhookAsync(string @event, PaystackEntry entry, JsonObject data)
    {
        var body = new JsonObject { ["event"] = @event, ["data"] = data }.ToJsonString(PaystackTransactionJson.Wire);
        var callback = new SimulatedCallback(_simulator.ProviderName, entry.Reference, entry.Id.ToString(CultureInfo.InvariantCulture), "POST", _simulator.CallbackUrl, body, 0, _simulator.TimeProvider.GetUtcNow())
        {
            Event = @event,
            Headers = new Dictionary<string, string> { ["x-paystack-signature"] = PaystackSimulator.Sign(body, _simulator.SecretKey) },
        };
        return _simulator.SendCallbackAsync(callback);
    }

    /// <summary>The entry's JSON (under the lock).</summary>
    private JsonObject Json(PaystackEntry entry) => PaystackTransactionJson.ToJson(entry, Domain);

    /// <summary>A reference as Paystack generates one (lowercase letters and digits, as <c>re4lyvq3s3</c> of its initialize sample), unused (under the lock).</summary>
    private string NewReference(int length)
    {
        string reference;
        do
        {
            reference = _codes.NextString(length, Alphabet);
        }
        while (_entries.ContainsKey(reference));
        return reference;
    }

    /// <summary>A checkout access code, unused (under the lock).</summary>
    private string NewAccessCode()
    {
        string code;
        do
        {
            code = _codes.NextString(15, Alphabet);
        }
        while (_accessCodes.ContainsKey(code));
        return code;
    }

    private string NewCode(string prefix, int length) => prefix + _codes.NextString(length, Alphabet);

    /// <summary><c>metadata.cancel_action</c> (metadata sent as an object or as stringified JSON): where Paystack's checkout sends a payer who cancels.</summary>
    private static string? CancelAction(string? metadata)
    {
        try
        {
            var node = metadata is null ? null : JsonNode.Parse(metadata);
            if (node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                node = JsonNode.Parse(value.GetValue<string>()); // stringified JSON, as Paystack accepts it
            }

            return node is JsonObject o ? SimulatorJson.Text(o, "cancel_action") : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
