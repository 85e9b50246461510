using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
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
/// A Pesapal API 3.0 on a real local HTTP port (WireMock.Net): <c>POST /api/Auth/RequestToken</c> (tokens valid
/// <see cref="TokenLifetime"/> on the simulator's clock), <c>POST /api/URLSetup/RegisterIPN</c>,
/// <c>POST /api/Transactions/SubmitOrderRequest</c> (merchant references are unique) and
/// <c>GET /api/Transactions/GetTransactionStatus</c>, its own books of orders and a ledger of payments, a simulated payer who
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
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Order> _byReference = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Uri Url, string Method)> _ipns = new(StringComparer.Ordinal);
    private readonly List<PesapalSimulatedIpn> _sentIpns = [];
    private readonly HttpClient _ipnClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private long _created;
    private int _requestCount;
    private int _tokensIssued;
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

    /// <summary>Gets the orders, in the order they were submitted.</summary>
    public IReadOnlyList<PesapalSimulatedOrder> Orders
    {
        get
        {
            lock (_gate)
            {
                return _orders.Values.OrderBy(o => o.Sequence).Select(o => o.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Gets the IPNs produced so far.</summary>
    public IReadOnlyList<PesapalSimulatedIpn> Ipns
    {
        get
        {
            lock (_gate)
            {
                return [.. _sentIpns];
            }
        }
    }

    /// <summary>Gets how many tokens were issued.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Gets how many IPN URLs were registered.</summary>
    public int IpnRegistrations => Volatile.Read(ref _ipnRegistrations);

    /// <summary>Gets the number of HTTP requests the simulator answered or swallowed.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Forgets every issued token, so the next call with one gets HTTP 401 (as when Pesapal expires tokens early).</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>
    /// The payer acts on the checkout page of an order that is not paid yet: pays (COMPLETED, a charge in
    /// <see cref="ProviderSimulator.Ledger"/>, unless a <see cref="SimulatorFaultKind.Decline"/> fault fires) or fails (FAILED); then
    /// the IPN is sent.
    /// </summary>
    /// <param name="orderTrackingIdOrMerchantReference">The order tracking id or the merchant reference.</param>
    /// <param name="success">Whether the payer pays.</param>
    /// <returns>Whether an unpaid order whose checkout page reached the merchant was found and completed.</returns>
    public Task<bool> CompleteAsync(string orderTrackingIdOrMerchantReference, bool success = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderTrackingIdOrMerchantReference);
        Order order;
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

    /// <summary>Reverses a completed payment (status_code 3 REVERSED) and sends the IPN. The charge stays in the ledger: money moved, then went back.</summary>
    /// <param name="orderTrackingId">The order tracking id.</param>
    /// <returns>Whether a completed order was reversed.</returns>
    public Task<bool> ReverseAsync(string orderTrackingId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderTrackingId);
        Order? order;
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
    protected override void MapRoutes(WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore().ConfigureAwait(false);
        _ipnClient.Dispose();
    }

    private static ResponseMessage Json(int status, JsonNode body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    private static ResponseMessage Error(int httpStatus, string code, string message, string status = "500") => Json(httpStatus, new JsonObject
    {
        ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = code, ["message"] = message },
        ["status"] = status,
    });

    private static string? Text(JsonNode? node, string name)
    {
        try
        {
            return node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsMerchantReference(string? id) =>
        id is { Length: > 0 and <= 50 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _requestCount);
        var path = request.AbsolutePath?.TrimEnd('/') ?? string.Empty;
        if (Draw(SimulatorFaultKind.Slow) is { } slow && !await DelayAsync(slow.Latency).ConfigureAwait(false))
        {
            return new ResponseMessage { StatusCode = 503 };
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return Error(429, "too_many_requests", "Too many requests", "429");
        }

        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            return new ResponseMessage
            {
                StatusCode = 503,
                BodyData = new BodyData { BodyAsString = "<html><body>Service Unavailable</body></html>", DetectedBodyType = BodyType.String },
            };
        }

        JsonNode? body = null;
        if (request.Method == "POST")
        {
            try
            {
                body = JsonNode.Parse(request.Body ?? string.Empty);
            }
            catch (JsonException)
            {
                return Error(400, "invalid_json", "The request body is not JSON");
            }
        }

        if (request.Method == "POST" && path == "/api/Auth/RequestToken")
        {
            return RequestToken(body);
        }

        if (!IsAuthorized(request))
        {
            return Error(401, "unauthorized", "Invalid or expired token", "401");
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
                return Status(QueryValue(request, "orderTrackingId"));
            default:
                return Error(404, "not_found", "Route not found", "404");
        }
    }

    private static string? QueryValue(IRequestMessage request, string name)
    {
        if (request.Query is not { } query)
        {
            return null;
        }

        foreach (var pair in query)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value?.FirstOrDefault();
            }
        }

        return null;
    }

    private bool IsAuthorized(IRequestMessage request)
    {
        var authorization = request.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..], out var expires) && TimeProvider.GetUtcNow() < expires;
        }
    }

    private ResponseMessage RequestToken(JsonNode? body)
    {
        if (Text(body, "consumer_key") != ConsumerKey || Text(body, "consumer_secret") != ConsumerSecret)
        {
            return Json(200, new JsonObject
            {
                ["token"] = null,
                ["expiryDate"] = "0001-01-01T00:00:00",
                ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = "invalid_consumer_key_or_secret_provided", ["message"] = string.Empty },
                ["status"] = "500",
                ["message"] = "error",
            });
        }

        var token = "pst_" + NextString(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        var expires = TimeProvider.GetUtcNow() + TokenLifetime;
        lock (_gate)
        {
            _tokens[token] = expires;
        }

        Interlocked.Increment(ref _tokensIssued);
        return Json(200, new JsonObject
        {
            ["token"] = token,
            ["expiryDate"] = expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["error"] = null,
            ["status"] = "200",
            ["message"] = "Request processed successfully",
        });
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

        foreach (var record in latest.Values.Where(r => r["ipn"] is not null))
        {
            lock (_gate)
            {
                _ipns[(string)record["ipn"]!] = (new Uri((string)record["url"]!), (string)record["method"]!);
            }
        }

        foreach (var record in latest.Values.Where(r => r["ipn"] is null))
        {
            var order = Order.FromJournal(record);
            lock (_gate)
            {
                _orders[order.TrackingId] = order;
                _byReference[order.MerchantReference] = order;
                _created = Math.Max(_created, order.Sequence + 1);
            }

            if (order.StatusCode == 1)
            {
                RecordCharge(new SimulatedCharge(ProviderName, order.MerchantReference, order.TrackingId, order.PaidAmount ?? order.Amount, order.PaidCurrency ?? order.Currency, order.CreatedAt)
                {
                    Receipt = order.ConfirmationCode,
                    PhoneNumber = order.Phone is { } phone && Payments.PhoneNumber.TryParse(phone, out var number) ? number.Masked : null,
                });
            }
            else if (order.StatusCode == 0 && order.ReplyDelivered && AutoPay)
            {
                Schedule(PayerDelay, () => Track(CompleteCoreAsync(order, success: true)));
            }
        }
    }

    private ResponseMessage RegisterIpn(JsonNode? body)
    {
        var method = Text(body, "ipn_notification_type")?.ToUpperInvariant();
        if (!Uri.TryCreate(Text(body, "url"), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || method is not ("GET" or "POST"))
        {
            return Error(400, "invalid_ipn_request", "url must be an absolute http(s) URL and ipn_notification_type GET or POST");
        }

        var id = NewGuid();
        lock (_gate)
        {
            _ipns[id] = (url, method);
        }

        Journal(new JsonObject { ["id"] = "ipn:" + id, ["ipn"] = id, ["url"] = url.AbsoluteUri, ["method"] = method });

        Interlocked.Increment(ref _ipnRegistrations);
        return Json(200, new JsonObject
        {
            ["url"] = url.AbsoluteUri,
            ["created_date"] = TimeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["ipn_id"] = id,
            ["notification_type"] = method == "GET" ? 0 : 1,
            ["ipn_notification_type_description"] = method,
            ["ipn_status"] = 1,
            ["ipn_status_description"] = "Active",
            ["error"] = null,
            ["status"] = "200",
        });
    }

    private (ResponseMessage Answer, Order? Order) SubmitOrder(JsonNode? body)
    {
        var id = Text(body, "id");
        var billing = body is JsonObject o ? o["billing_address"] : null;
        var phone = Text(billing, "phone_number");
        var email = Text(billing, "email_address");
        var notificationId = Text(body, "notification_id");
        if (!IsMerchantReference(id))
        {
            return (Error(400, "invalid_merchant_reference", "id is required: up to 50 letters, digits and - _ . :"), null);
        }

        if (!decimal.TryParse(Text(body, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return (Error(400, "invalid_amount", "amount must be a positive number"), null);
        }

        if (Text(body, "currency") is not { Length: 3 } currency || !Uri.TryCreate(Text(body, "callback_url"), UriKind.Absolute, out _))
        {
            return (Error(400, "invalid_request", "currency and callback_url are required"), null);
        }

        if (string.IsNullOrWhiteSpace(phone) && string.IsNullOrWhiteSpace(email))
        {
            return (Error(400, "invalid_billing_address", "billing_address needs phone_number or email_address"), null);
        }

        var trackingId = NewGuid();
        Order order;
        lock (_gate)
        {
            while (_orders.ContainsKey(trackingId))
            {
                trackingId = NewGuid(); // never reuse a tracking id, restored ones included
            }

            if (notificationId is null || !_ipns.ContainsKey(notificationId))
            {
                return (Error(400, "invalid_notification_id", "notification_id is not a registered IPN"), null);
            }

            if (_byReference.ContainsKey(id!))
            {
                return (Error(400, "duplicate_merchant_reference", $"An order with merchant reference {id} already exists"), null);
            }

            order = new Order
            {
                Sequence = _created++,
                TrackingId = trackingId,
                MerchantReference = id!,
                Amount = amount,
                Currency = currency.ToUpperInvariant(),
                NotificationId = notificationId,
                Phone = phone,
                CreatedAt = TimeProvider.GetUtcNow(),
            };
            _orders.Add(trackingId, order);
            _byReference.Add(order.MerchantReference, order);
        }

        Journal(order.ToJournal());

        return (Json(200, new JsonObject
        {
            ["order_tracking_id"] = trackingId,
            ["merchant_reference"] = order.MerchantReference,
            ["redirect_url"] = new Uri(BaseAddress, "iframe/PesapalIframe3/Index?OrderTrackingId=" + trackingId).AbsoluteUri,
            ["error"] = null,
            ["status"] = "200",
        }), order);
    }

    /// <summary>The answer with the checkout page was sent: from now on the payer can pay.</summary>
    private void Delivered(Order order)
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
            if (trackingId is null || !_orders.TryGetValue(trackingId, out var order))
            {
                return Error(200, "invalid_order_tracking_id", "Invalid order tracking id");
            }

            var unpaid = order.StatusCode == 0;
            return Json(200, new JsonObject
            {
                ["payment_method"] = unpaid ? string.Empty : "MpesaKE",
                ["amount"] = order.PaidAmount ?? order.Amount,
                ["created_date"] = order.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["confirmation_code"] = order.ConfirmationCode ?? string.Empty,
                ["payment_status_description"] = order.StatusCode switch { 1 => "Completed", 2 => "Failed", 3 => "Reversed", _ => "INVALID" },
                ["description"] = order.Description,
                ["message"] = "Request processed successfully",
                ["payment_account"] = order.PayerAccount ?? (order.Phone is { Length: >= 4 } p ? p[..4] + "****" + p[^2..] : string.Empty),
                ["call_back_url"] = string.Empty,
                ["status_code"] = order.StatusCode,
                ["merchant_reference"] = order.MerchantReference,
                ["payment_status_code"] = string.Empty,
                ["currency"] = order.PaidCurrency ?? order.Currency,
                // What Pesapal really sends for an unpaid order: an error object that is not an error.
                ["error"] = unpaid
                    ? new JsonObject { ["error_type"] = "api_error", ["code"] = "payment_details_not_found", ["message"] = "Pending Payment", ["call_back_url"] = string.Empty }
                    : new JsonObject { ["error_type"] = null, ["code"] = null, ["message"] = null, ["call_back_url"] = null },
                ["status"] = unpaid ? "500" : "200",
            });
        }
    }

    private async Task<bool> CompleteCoreAsync(Order order, bool success)
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
                order.ConfirmationCode = NextString(10, ReceiptAlphabet);
                order.PaidAmount = PaidAmount;
                order.PaidCurrency = PaidCurrency;
                order.PayerAccount = PayerAccount;
                charge = new SimulatedCharge(ProviderName, order.MerchantReference, order.TrackingId, order.PaidAmount ?? order.Amount, order.PaidCurrency ?? order.Currency, TimeProvider.GetUtcNow())
                {
                    Receipt = order.ConfirmationCode,
                    PhoneNumber = order.Phone is { } phone && Payments.PhoneNumber.TryParse(phone, out var number) ? number.Masked : null,
                };
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

    private async Task SendIpnAsync(Order order)
    {
        (Uri Url, string Method)? target;
        lock (_gate)
        {
            target = _ipns.TryGetValue(order.NotificationId, out var t) ? t : null;
        }

        var method = target?.Method ?? "POST";
        int deliveries;
        if (method == "GET" && target is { } get)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"OrderNotificationType=IPNCHANGE&OrderTrackingId={Uri.EscapeDataString(order.TrackingId)}&OrderMerchantReference={Uri.EscapeDataString(order.MerchantReference)}");
            var url = new UriBuilder(get.Url) { Query = string.IsNullOrEmpty(get.Url.Query) ? query : get.Url.Query.TrimStart('?') + "&" + query }.Uri;
            var task = GetIpnAsync(url);
            Track(task);
            deliveries = await task.ConfigureAwait(false);
        }
        else
        {
            var body = new JsonObject
            {
                ["OrderNotificationType"] = "IPNCHANGE",
                ["OrderTrackingId"] = order.TrackingId,
                ["OrderMerchantReference"] = order.MerchantReference,
            }.ToJsonString();
            deliveries = await SendCallbackAsync(target?.Url, body).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _sentIpns.Add(new PesapalSimulatedIpn(order.TrackingId, order.MerchantReference, method, target?.Url, deliveries, TimeProvider.GetUtcNow()));
        }
    }

    /// <summary>
    /// A GET IPN with the same callback faults as <see cref="ProviderSimulator.SendCallbackAsync"/>; the draws and the delay's timer
    /// happen synchronously, on the simulator's clock, before this returns.
    /// </summary>
    private Task<int> GetIpnAsync(Uri url)
    {
        var copies = Draw(SimulatorFaultKind.LoseCallbacks) is not null ? 0 : Draw(SimulatorFaultKind.DuplicateCallbacks) is not null ? 2 : 1;
        var delay = Task.CompletedTask;
        if (copies > 0 && Draw(SimulatorFaultKind.DelayCallbacks) is { } late)
        {
            var max = late.MaxLatency ?? late.Latency;
            delay = Task.Delay(late.Latency + ((max - late.Latency) * NextDouble()), TimeProvider, Lifetime);
        }

        return SendGetAsync(url, copies, delay);
    }

    private async Task<int> SendGetAsync(Uri url, int copies, Task delay)
    {
        try
        {
            await delay.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        var sent = 0;
        for (var i = 0; i < copies; i++)
        {
            try
            {
                using var response = await _ipnClient.GetAsync(url, Lifetime).ConfigureAwait(false);
                sent++;
            }
            catch (HttpRequestException)
            {
                // the receiver is down: not delivered
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return sent;
    }

    private string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextInt64());
        return new Guid(bytes).ToString();
    }

    private sealed class Order
    {
        public long Sequence { get; init; }

        public required string TrackingId { get; init; }

        public required string MerchantReference { get; init; }

        public decimal Amount { get; init; }

        public required string Currency { get; init; }

        public required string NotificationId { get; init; }

        public string? Phone { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public int StatusCode { get; set; }

        public string Description { get; set; } = string.Empty;

        public string? ConfirmationCode { get; set; }

        public bool ReplyDelivered { get; set; }

        public decimal? PaidAmount { get; set; }

        public string? PaidCurrency { get; set; }

        public string? PayerAccount { get; set; }

        public JsonObject ToJournal() => new()
        {
            ["id"] = TrackingId,
            ["sequence"] = Sequence,
            ["merchantReference"] = MerchantReference,
            ["amount"] = Amount,
            ["currency"] = Currency,
            ["notificationId"] = NotificationId,
            ["phone"] = Phone,
            ["createdAt"] = CreatedAt,
            ["statusCode"] = StatusCode,
            ["description"] = Description,
            ["confirmationCode"] = ConfirmationCode,
            ["replyDelivered"] = ReplyDelivered,
            ["paidAmount"] = PaidAmount,
            ["paidCurrency"] = PaidCurrency,
            ["payerAccount"] = PayerAccount,
        };

        public static Order FromJournal(JsonObject record) => new()
        {
            TrackingId = (string)record["id"]!,
            Sequence = (long)record["sequence"]!,
            MerchantReference = (string)record["merchantReference"]!,
            Amount = (decimal)record["amount"]!,
            Currency = (string)record["currency"]!,
            NotificationId = (string)record["notificationId"]!,
            Phone = (string?)record["phone"],
            CreatedAt = (DateTimeOffset)record["createdAt"]!,
            StatusCode = (int)record["statusCode"]!,
            Description = (string?)record["description"] ?? string.Empty,
            ConfirmationCode = (string?)record["confirmationCode"],
            ReplyDelivered = (bool)record["replyDelivered"]!,
            PaidAmount = (decimal?)record["paidAmount"],
            PaidCurrency = (string?)record["paidCurrency"],
            PayerAccount = (string?)record["payerAccount"],
        };

        public PesapalSimulatedOrder Snapshot() =>
            new(TrackingId, MerchantReference, Amount, Currency, StatusCode, Description, NotificationId, ReplyDelivered, CreatedAt, ConfirmationCode);
    }
}
