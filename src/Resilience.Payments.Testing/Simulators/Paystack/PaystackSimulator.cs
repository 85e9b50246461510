using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// A Paystack API on a real local HTTP port (WireMock.Net): <c>POST /charge</c> (saved card by <c>authorization_code</c>,
/// M-Pesa by <c>mobile_money</c>), <c>POST /transaction/initialize</c>, <c>GET /transaction/verify/{reference}</c>, a bearer
/// key check, its own ledger of charges by reference that refuses a reused reference like Paystack does, M-Pesa charges
/// that answer <c>pay_offline</c> and complete after <see cref="MobileMoneyDelay"/> with a signed webhook, and the seeded faults
/// of <see cref="ProviderSimulator"/>, optionally limited to a window of its clock. Fault kinds on Paystack:
/// <see cref="SimulatorFaultKind.Http503"/>, <see cref="SimulatorFaultKind.RateLimited"/> (HTTP 429) and <see cref="SimulatorFaultKind.Slow"/>
/// on every endpoint; <see cref="SimulatorFaultKind.ChargeThenNoReply"/> and <see cref="SimulatorFaultKind.Decline"/> (the code is the
/// gateway response) on <c>/charge</c>; the callback faults on the webhooks. Paystack-specific switches: <see cref="LandChargesLate"/>
/// (a <c>/charge</c> never answered whose transaction appears only later on the clock), <see cref="ChargedAmountMinor"/>,
/// <see cref="ChargedCurrency"/> and <see cref="PayerPhone"/> (the payer pays another amount, in another currency, from another
/// wallet), <see cref="Preempt"/> and <see cref="OpenTransactionAsync"/> (someone opened a transaction under the reference first, as
/// Paystack's inline checkout lets anyone with the public key do).
/// </summary>
public sealed class PaystackSimulator : ProviderSimulator<PaystackSimulator>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _ledger = new(StringComparer.Ordinal);
    private readonly List<PaystackSimulatedWebhook> _webhooks = [];
    private long _nextId = 4_000_000_001;
    private int _requestCount;
    private (long AmountMinor, string? Currency)? _preempt;

    /// <summary>Starts the simulator on a free local port.</summary>
    /// <param name="secretKey">The secret key clients must send as bearer token; it also signs webhooks.</param>
    /// <param name="seed">Seeds every random decision (fault rates, webhook loss and duplication).</param>
    /// <param name="timeProvider">The clock of fault windows and M-Pesa completion; the system clock when <see langword="null"/>.</param>
    public PaystackSimulator(string secretKey = "sk_test_simulator", int seed = 1, TimeProvider? timeProvider = null)
        : base(timeProvider, seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        SecretKey = secretKey;
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "paystack";

    /// <summary>Gets the secret key.</summary>
    public string SecretKey { get; }

    /// <summary>Gets or sets where completion webhooks are POSTed; when <see langword="null"/> they are only recorded in <see cref="Webhooks"/>.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets how long after the charge an M-Pesa payer "approves" on the phone; 10 seconds by default, on the simulator's clock.</summary>
    public TimeSpan MobileMoneyDelay { get; set; } = TimeSpan.FromSeconds(10);

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

    /// <summary>Gets a snapshot of the ledger, in the order the transactions were created.</summary>
    public IReadOnlyList<PaystackSimulatedCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return _ledger.Values.OrderBy(e => e.Id).Select(e => e.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Gets the webhooks produced so far.</summary>
    public IReadOnlyList<PaystackSimulatedWebhook> Webhooks
    {
        get
        {
            lock (_gate)
            {
                return [.. _webhooks];
            }
        }
    }

    /// <summary>Gets the number of HTTP requests the simulator answered or swallowed since it started.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Answers HTTP 429 without processing, at <paramref name="rate"/>, on every endpoint.</summary>
    /// <param name="rate">The share of requests affected (0 to 1).</param>
    /// <returns>This simulator.</returns>
    public PaystackSimulator RateLimit(double rate = 1) => RateLimited(rate);

    /// <summary>Holds every <c>/charge</c> without an answer and lands it <paramref name="delay"/> later on the simulator's clock (see <see cref="ChargeLandingDelay"/>).</summary>
    /// <param name="delay">How long after its arrival a charge lands.</param>
    /// <returns>This simulator.</returns>
    public PaystackSimulator LandChargesLate(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ChargeLandingDelay = delay;
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
        Entry entry;
        lock (_gate)
        {
            if (_ledger.ContainsKey(reference))
            {
                return false;
            }

            entry = AddEntry(reference, "card", amountMinor, currency, "payer@elsewhere.example", "abandoned", "The transaction was not completed", null);
        }

        Journal(entry.ToJournal());
        return !paid || await CompleteCoreAsync(reference, success: true).ConfigureAwait(false);
    }

    /// <summary>Removes every fault (<see cref="ProviderSimulator.ClearFaults"/>; not <see cref="ProviderSimulator.Down"/>: call <see cref="ProviderSimulator.Up"/>).</summary>
    public void Healthy() => ClearFaults();

    /// <summary>Completes a waiting transaction (M-Pesa <c>pay_offline</c> or an unpaid checkout) now, and sends its webhook.</summary>
    /// <param name="reference">The transaction reference.</param>
    /// <param name="success">Whether the payer paid.</param>
    /// <returns>Whether a waiting transaction was completed.</returns>
    public Task<bool> CompleteAsync(string reference, bool success = true) => CompleteCoreAsync(reference, success);

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

    private static ResponseMessage Json(int status, object body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    private static ResponseMessage Refuse(int status, string message) => Json(status, new JsonObject { ["status"] = false, ["message"] = message });

    private static string? Text(JsonNode? node, string name)
    {
        try
        {
            return node?[name]?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? node[name]!.ToString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override void MapRoutes(WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = request.AbsolutePath?.TrimEnd('/') ?? string.Empty;
        var isCharge = path == "/charge" && request.Method == "POST";
        Interlocked.Increment(ref _requestCount);
        if (Draw(SimulatorFaultKind.Slow) is { } slow)
        {
            await DelayAsync(slow.Latency).ConfigureAwait(false);
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return Refuse(429, "Too many requests");
        }

        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            return Refuse(503, "Service unavailable");
        }

        var authorization = request.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
        if (!string.Equals(authorization, "Bearer " + SecretKey, StringComparison.Ordinal))
        {
            return Refuse(401, "Invalid key");
        }

        if (request.Method == "GET" && path.StartsWith("/transaction/verify/", StringComparison.Ordinal))
        {
            return Verify(Uri.UnescapeDataString(path["/transaction/verify/".Length..]));
        }

        if (request.Method != "POST" || (path != "/charge" && path != "/transaction/initialize"))
        {
            return Refuse(404, "Route not found");
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body ?? string.Empty);
        }
        catch (JsonException)
        {
            return Refuse(400, "Invalid JSON body");
        }

        Preempted(body);
        if (isCharge && ChargeLandingDelay is { } landing)
        {
            // Queued: the charge lands later on the clock, and this request is never answered.
            Schedule(landing, () => Charge(body));
            await DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
            return Refuse(504, "Gateway timeout");
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

        if (preempt is { } p && Text(body, "reference") is { Length: > 0 } reference && Text(body, "currency") is { Length: 3 } currency)
        {
            // synchronously: the merchant's request, processed next, must find it
            _ = OpenTransactionAsync(reference, p.AmountMinor, p.Currency ?? currency, paid: true);
        }
    }

    private (ResponseMessage Answer, Entry? Entry) Charge(JsonNode? body)
    {
        if (Validate(body) is { } invalid)
        {
            return (invalid, null);
        }

        var authorizationCode = Text(body, "authorization_code");
        var mobile = body!["mobile_money"] as JsonObject;
        string channel;
        string? payer = null;
        if (authorizationCode is not null)
        {
            if (!authorizationCode.StartsWith("AUTH_", StringComparison.Ordinal))
            {
                return (Refuse(400, "Invalid authorization code"), null);
            }

            channel = "card";
        }
        else if (mobile is not null)
        {
            var phone = Text(mobile, "phone");
            if (phone is null || !phone.StartsWith("+254", StringComparison.Ordinal) || phone.Length != 13 || Text(mobile, "provider") != "mpesa")
            {
                return (Refuse(400, "Invalid mobile money details: phone must be +254XXXXXXXXX and provider mpesa"), null);
            }

            channel = "mobile_money";
            payer = PayerPhone ?? phone[1..];
        }
        else
        {
            return (Refuse(400, "Please provide an authorization_code or mobile_money details"), null);
        }

        var decline = Draw(SimulatorFaultKind.Decline);
        string status = decline is not null ? "failed" : channel == "card" ? "success" : "pay_offline";
        var gatewayResponse = decline?.Code ?? (status == "success" ? "Approved" : "Awaiting payer authorization");
        Entry entry;
        lock (_gate)
        {
            var reference = Text(body, "reference")!;
            if (_ledger.ContainsKey(reference))
            {
                return (Refuse(400, "Transaction reference has previously been used"), null);
            }

            entry = NewEntry(body, channel, status, gatewayResponse, payer);
        }

        Journal(entry.ToJournal());

        if (status == "success")
        {
            RecordCharge(entry.ToCharge(ProviderName, TimeProvider.GetUtcNow()));
        }
        else if (status == "pay_offline")
        {
            var reference = entry.Reference;
            Schedule(MobileMoneyDelay, () => Track(CompleteCoreAsync(reference, MobileMoneySucceeds)));
        }

        var data = entry.ToJson();
        if (status == "pay_offline")
        {
            data["display_text"] = "Please complete authorization process on your mobile phone";
        }

        return (Json(200, new JsonObject { ["status"] = true, ["message"] = "Charge attempted", ["data"] = data }), entry);
    }

    private (ResponseMessage Answer, Entry? Entry) Initialize(JsonNode? body)
    {
        if (Validate(body) is { } invalid)
        {
            return (invalid, null);
        }

        Entry entry;
        lock (_gate)
        {
            if (_ledger.ContainsKey(Text(body, "reference")!))
            {
                return (Refuse(400, "Duplicate Transaction Reference"), null);
            }

            entry = NewEntry(body, "checkout", "abandoned", "The transaction was not completed", null);
        }

        Journal(entry.ToJournal());

        var accessCode = string.Create(CultureInfo.InvariantCulture, $"ac_{entry.Id}");
        return (Json(200, new JsonObject
        {
            ["status"] = true,
            ["message"] = "Authorization URL created",
            ["data"] = new JsonObject
            {
                ["authorization_url"] = $"https://checkout.paystack.com/{accessCode}",
                ["access_code"] = accessCode,
                ["reference"] = entry.Reference,
            },
        }), entry);
    }

    private static ResponseMessage? Validate(JsonNode? body)
    {
        if (body is not JsonObject)
        {
            return Refuse(400, "Invalid JSON body");
        }

        if (string.IsNullOrWhiteSpace(Text(body, "email")))
        {
            return Refuse(400, "Email is required");
        }

        if (!long.TryParse(Text(body, "amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return Refuse(400, "Invalid amount: send a positive integer in the subunit");
        }

        if (Text(body, "currency") is not { Length: 3 })
        {
            return Refuse(400, "Currency is required");
        }

        if (string.IsNullOrWhiteSpace(Text(body, "reference")))
        {
            return Refuse(400, "Reference is required");
        }

        return null;
    }

    /// <inheritdoc />
    public override void ImportTransactions(IEnumerable<JsonObject> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var latest = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var record in transactions)
        {
            latest[(string)record["id"]!] = record;
        }

        foreach (var record in latest.Values)
        {
            var entry = Entry.FromJournal(record);
            lock (_gate)
            {
                _ledger[entry.Reference] = entry;
                _nextId = Math.Max(_nextId, entry.Id + 1);
            }

            if (entry.Status == "success")
            {
                RecordCharge(entry.ToCharge(ProviderName, entry.CreatedAt));
            }
            else if (entry.Status == "pay_offline")
            {
                var reference = entry.Reference;
                Schedule(MobileMoneyDelay, () => Track(CompleteCoreAsync(reference, MobileMoneySucceeds)));
            }
        }
    }

    private Entry NewEntry(JsonNode? body, string channel, string status, string gatewayResponse, string? payer) =>
        AddEntry(
            Text(body, "reference")!,
            channel,
            ChargedAmountMinor ?? long.Parse(Text(body, "amount")!, NumberStyles.None, CultureInfo.InvariantCulture),
            ChargedCurrency ?? Text(body, "currency")!,
            Text(body, "email")!,
            status,
            gatewayResponse,
            payer);

    /// <summary>Records a transaction (under <see cref="_gate"/>).</summary>
    private Entry AddEntry(string reference, string channel, long amountMinor, string currency, string email, string status, string gatewayResponse, string? payer)
    {
        var now = TimeProvider.GetUtcNow();
        var entry = new Entry
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
        _ledger.Add(entry.Reference, entry);
        return entry;
    }

    private ResponseMessage Verify(string reference)
    {
        JsonObject data;
        lock (_gate)
        {
            if (!_ledger.TryGetValue(reference, out var entry))
            {
                return Refuse(404, "Transaction reference not found");
            }

            data = entry.ToJson();
            if (entry.Status == "pay_offline")
            {
                data["status"] = "pending";
            }
        }

        return Json(200, new JsonObject { ["status"] = true, ["message"] = "Verification successful", ["data"] = data });
    }

    private async Task<bool> CompleteCoreAsync(string reference, bool success)
    {
        JsonObject data;
        Entry completed;
        lock (_gate)
        {
            if (!_ledger.TryGetValue(reference, out var entry) || entry.Status is not ("pay_offline" or "abandoned"))
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
        var signature = Sign(body, SecretKey);
        var deliveries = await SendCallbackAsync(WebhookUrl, body, new Dictionary<string, string> { ["x-paystack-signature"] = signature }).ConfigureAwait(false);
        lock (_gate)
        {
            _webhooks.Add(new PaystackSimulatedWebhook(reference, @event, body, signature, deliveries, TimeProvider.GetUtcNow()));
        }

        return true;
    }

    private sealed class Entry
    {
        public long Id { get; init; }

        public required string Reference { get; init; }

        public required string Channel { get; init; }

        public long AmountMinor { get; init; }

        public required string Currency { get; init; }

        public required string Email { get; init; }

        public required string Status { get; set; }

        public required string GatewayResponse { get; set; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset? PaidAt { get; set; }

        /// <summary>The wallet that pays a mobile money charge (digits, country code first).</summary>
        public string? Payer { get; init; }

        public SimulatedCharge ToCharge(string provider, DateTimeOffset chargedAt) =>
            new(provider, Reference, Id.ToString(CultureInfo.InvariantCulture), AmountMinor / 100m, Currency, chargedAt);

        public JsonObject ToJournal() => new()
        {
            ["id"] = Reference,
            ["transactionId"] = Id,
            ["channel"] = Channel,
            ["amount"] = AmountMinor,
            ["currency"] = Currency,
            ["email"] = Email,
            ["status"] = Status,
            ["gatewayResponse"] = GatewayResponse,
            ["createdAt"] = CreatedAt,
            ["paidAt"] = PaidAt,
            ["payer"] = Payer,
        };

        public static Entry FromJournal(JsonObject record) => new()
        {
            Reference = (string)record["id"]!,
            Id = (long)record["transactionId"]!,
            Channel = (string)record["channel"]!,
            AmountMinor = (long)record["amount"]!,
            Currency = (string)record["currency"]!,
            Email = (string)record["email"]!,
            Status = (string)record["status"]!,
            GatewayResponse = (string)record["gatewayResponse"]!,
            CreatedAt = (DateTimeOffset)record["createdAt"]!,
            PaidAt = (DateTimeOffset?)record["paidAt"],
            Payer = (string?)record["payer"],
        };

        public PaystackSimulatedCharge Snapshot() => new(Id, Reference, Channel, AmountMinor, Currency, Email, Status, GatewayResponse, CreatedAt);

        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["id"] = Id,
                ["reference"] = Reference,
                ["status"] = Status,
                ["amount"] = AmountMinor,
                ["currency"] = Currency,
                ["channel"] = Channel,
                ["gateway_response"] = GatewayResponse,
                ["created_at"] = Iso(CreatedAt),
                ["paid_at"] = PaidAt is { } paid ? Iso(paid) : null,
            };
            if (Channel == "mobile_money")
            {
                // what Paystack reports of the wallet that paid (the card fields of an M-Pesa authorization are placeholders)
                json["authorization"] = new JsonObject { ["channel"] = "mobile_money", ["bank"] = "M-PESA", ["mobile_money_number"] = Payer };
            }

            return json;
        }

        private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }
}
