using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
/// The Airtel Money Open API (Kenya) on a real local HTTP port (WireMock.Net): OAuth client credentials
/// (<c>POST /auth/oauth2/token</c>, short-lived tokens checked on every call), USSD-push collection
/// (<c>POST /merchant/v1/payments/</c>, refusing a re-sent <c>transaction.id</c> with <c>ESB000041</c>), enquiry
/// (<c>GET /standard/v1/payments/{id}</c>), its own ledger, and a payer who approves (or declines) on the phone
/// <see cref="PayerDelay"/> later on the simulator's clock, after which a v1 callback is POSTed to <see cref="CallbackUrl"/>.
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
    private const string TokenPath = "/auth/oauth2/token";
    private const string CollectionPath = "/merchant/v1/payments";
    private const string EnquiryPrefix = "/standard/v1/payments/";
    private const string InProcess = "DP00800001006";
    private const string Success = "DP00800001001";

    private static readonly HashSet<string> SynchronousDeclines = new(StringComparer.Ordinal) { "DP00800001004", "DP00800001010", "DP00800001026" };

    private readonly object _gate = new();
    private readonly Dictionary<string, AirtelMoneySimulatedTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _collectionRequests;
    private int _enquiryRequests;
    private int _queuedCollections;

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
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "airtel";

    /// <summary>Gets the client id.</summary>
    public string ClientId { get; }

    /// <summary>Gets the client secret.</summary>
    public string ClientSecret { get; }

    /// <summary>Gets or sets where v1 callbacks are POSTed; when <see langword="null"/> none are sent.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets or sets how long after the collection the payer answers the USSD prompt, on the simulator's clock. Default 10 seconds.</summary>
    public TimeSpan PayerDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the <c>expires_in</c> of issued tokens. Default 180 seconds, as Airtel's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>Gets the number of token requests.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Gets the number of collection requests (re-sends included).</summary>
    public int CollectionRequests => Volatile.Read(ref _collectionRequests);

    /// <summary>Gets the number of enquiries.</summary>
    public int EnquiryRequests => Volatile.Read(ref _enquiryRequests);

    /// <summary>Gets the number of collections held in the queue now (<see cref="SimulatorFaultKind.QueueThenProcess"/>), not processed yet.</summary>
    public int QueuedCollections => Volatile.Read(ref _queuedCollections);

    /// <summary>Gets every collection received, in arrival order, as it stands now.</summary>
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

    /// <summary>Makes every issued token invalid (the next call with one gets HTTP 401).</summary>
    public void InvalidateTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Removes every fault (<see cref="ProviderSimulator.ClearFaults"/>; not <see cref="ProviderSimulator.Down"/>: call <see cref="ProviderSimulator.Up"/>).</summary>
    public void Healthy() => ClearFaults();

    /// <summary>Answers the prompt of a transaction still in progress now, instead of after <see cref="PayerDelay"/>.</summary>
    /// <param name="id">The transaction id.</param>
    /// <param name="declineCode">A <c>DP008000010xx</c> decline code, or <see langword="null"/> to approve.</param>
    /// <returns>Whether a transaction in progress was completed.</returns>
    public bool CompleteNow(string id, string? declineCode = null) => Complete(id, declineCode);

    /// <inheritdoc />
    protected override void MapRoutes(WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    private static ResponseMessage Json(int status, JsonNode body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    private static JsonObject Status(int code, string message, string resultCode, string? responseCode, bool success)
    {
        var status = new JsonObject
        {
            ["code"] = code.ToString(CultureInfo.InvariantCulture),
            ["message"] = message,
            ["result_code"] = resultCode,
            ["success"] = success,
        };
        if (responseCode is not null)
        {
            status["response_code"] = responseCode;
        }

        return status;
    }

    private static ResponseMessage Error(int http, string message, string resultCode, string? responseCode = null) =>
        Json(http, new JsonObject { ["data"] = new JsonObject(), ["status"] = Status(http, message, resultCode, responseCode, success: false) });

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

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var path = request.AbsolutePath ?? string.Empty;
        if (Draw(SimulatorFaultKind.Slow) is { } slow)
        {
            await DelayAsync(slow.Latency).ConfigureAwait(false);
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return Json(429, new JsonObject { ["error"] = "rate_limited", ["error_description"] = "Too many requests" });
        }

        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            return Json(503, new JsonObject { ["error"] = "service_unavailable", ["error_description"] = "Service temporarily unavailable" });
        }

        if (request.Method == "POST" && path == TokenPath)
        {
            return IssueToken(request);
        }

        if (!IsAuthorized(request))
        {
            return Json(401, new JsonObject { ["error"] = "invalid_token", ["error_description"] = "Access token is invalid or expired" });
        }

        if (request.Method == "POST" && path.TrimEnd('/') == CollectionPath)
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

        if (request.Method == "GET" && path.StartsWith(EnquiryPrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _enquiryRequests);
            return Enquire(Uri.UnescapeDataString(path[EnquiryPrefix.Length..]));
        }

        return Error(404, "Resource not found", "ESB000008");
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
            return Error(503, "Service unavailable", "ESB000001"); // disposed while the request was queued
        }
    }

    private ResponseMessage IssueToken(IRequestMessage request)
    {
        Interlocked.Increment(ref _tokenRequests);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body ?? string.Empty);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (Text(body, "grant_type") != "client_credentials" || Text(body, "client_id") != ClientId || Text(body, "client_secret") != ClientSecret)
        {
            return Json(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" });
        }

        var token = "airtel-sim-" + NextString(24, "abcdefghijklmnopqrstuvwxyz0123456789");
        lock (_gate)
        {
            _tokens[token] = TimeProvider.GetUtcNow() + TokenLifetime;
        }

        return Json(200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = ((long)TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["token_type"] = "bearer",
        });
    }

    private bool IsAuthorized(IRequestMessage request)
    {
        var authorization = Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..], out var expiresAt) && TimeProvider.GetUtcNow() < expiresAt;
        }
    }

    private (ResponseMessage Answer, bool Created) Collect(IRequestMessage request)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body ?? string.Empty);
        }
        catch (JsonException)
        {
            return (Error(400, "Invalid request body", "ESB000008"), false);
        }

        var subscriber = body?["subscriber"];
        var transaction = body?["transaction"];
        var id = Text(transaction, "id");
        var msisdn = Text(subscriber, "msisdn");
        var country = Text(transaction, "country");
        var currency = Text(transaction, "currency");
        if (string.IsNullOrWhiteSpace(id) || transaction is null || subscriber is null)
        {
            return (Error(400, "Mandatory field missing: transaction.id", "ESB000008"), false);
        }

        if (Header(request, "X-Country") is not { } xCountry || !string.Equals(xCountry, country, StringComparison.Ordinal) || Text(subscriber, "country") != country)
        {
            return (Error(400, "Invalid Country Name", "ESB000034"), false);
        }

        if (Header(request, "X-Currency") is not { } xCurrency || !string.Equals(xCurrency, currency, StringComparison.Ordinal) || Text(subscriber, "currency") != currency)
        {
            return (Error(400, "Invalid Currency Code", "ESB000035"), false);
        }

        // The msisdn is sent without the country code; the simulator only holds Airtel Kenya wallets.
        if (msisdn is null || msisdn.Length != 9 || !msisdn.All(char.IsAsciiDigit) || !PhoneNumber.TryParse(msisdn, out var phone) || phone.Network != MobileNetwork.Airtel)
        {
            return (Error(400, "Invalid MSISDN Length. MSISDN Length should be 9 and should not start with 0 or the country code", "ESB000036"), false);
        }

        if (!decimal.TryParse(Text(transaction, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return (Error(200, "Invalid amount", "ESB000011", "DP00800001004"), false);
        }

        AirtelMoneySimulatedTransaction created;
        var decline = Draw(SimulatorFaultKind.Decline);
        if (decline?.Code is { } syncCode && SynchronousDeclines.Contains(syncCode))
        {
            return (Error(200, "Transaction failed", "ESB000011", syncCode), false);
        }

        lock (_gate)
        {
            if (_transactions.TryGetValue(id, out var existing))
            {
                _transactions[id] = existing with { Resends = existing.Resends + 1 };
                return (Error(200, "Transaction ID already exists", "ESB000041"), false);
            }

            created = new AirtelMoneySimulatedTransaction(id, "TIP", InProcess, amount, currency!, phone.Masked, TimeProvider.GetUtcNow());
            _transactions[id] = created;
            _order.Add(id);
        }

        Journal(ToJournal(created));

        var payerAnswer = decline?.Code;
        Schedule(PayerDelay, () => Complete(id, payerAnswer));
        return (Json(200, new JsonObject
        {
            ["data"] = new JsonObject { ["transaction"] = new JsonObject { ["id"] = id, ["status"] = "SUCCESS" } },
            ["status"] = Status(200, "SUCCESS", "ESB000010", InProcess, success: true),
        }), true);
    }

    private ResponseMessage Enquire(string id)
    {
        AirtelMoneySimulatedTransaction? transaction;
        lock (_gate)
        {
            _transactions.TryGetValue(id, out transaction);
        }

        if (transaction is null)
        {
            return Error(200, "No Transaction Found With Provided Transaction Id", "ESB000045");
        }

        var data = new JsonObject
        {
            ["airtel_money_id"] = transaction.AirtelMoneyId,
            ["id"] = transaction.Id,
            ["message"] = transaction.Status switch { "TS" => "success", "TIP" => "Transaction in progress", _ => "Transaction failed" },
            ["status"] = transaction.Status,
        };
        return Json(200, new JsonObject
        {
            ["data"] = new JsonObject { ["transaction"] = data },
            ["status"] = Status(200, "SUCCESS", "ESB000010", transaction.ResponseCode, success: true),
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

        foreach (var record in latest.Values)
        {
            var transaction = new AirtelMoneySimulatedTransaction(
                (string)record["id"]!,
                (string)record["status"]!,
                (string)record["responseCode"]!,
                (decimal)record["amount"]!,
                (string)record["currency"]!,
                (string)record["phone"]!,
                (DateTimeOffset)record["createdAt"]!)
            {
                AirtelMoneyId = (string?)record["airtelMoneyId"],
                CompletedAt = (DateTimeOffset?)record["completedAt"],
            };
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
                RecordCharge(new SimulatedCharge(ProviderName, transaction.Id, transaction.AirtelMoneyId!, transaction.Amount, transaction.Currency, transaction.CompletedAt ?? transaction.CreatedAt)
                {
                    PhoneNumber = transaction.PhoneNumber,
                    Receipt = transaction.AirtelMoneyId,
                });
            }
        }
    }

    private static JsonObject ToJournal(AirtelMoneySimulatedTransaction transaction) => new()
    {
        ["id"] = transaction.Id,
        ["status"] = transaction.Status,
        ["responseCode"] = transaction.ResponseCode,
        ["amount"] = transaction.Amount,
        ["currency"] = transaction.Currency,
        ["phone"] = transaction.PhoneNumber,
        ["createdAt"] = transaction.CreatedAt,
        ["airtelMoneyId"] = transaction.AirtelMoneyId,
        ["completedAt"] = transaction.CompletedAt,
    };

    private bool Complete(string id, string? declineCode)
    {
        AirtelMoneySimulatedTransaction completed;
        var now = TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_transactions.TryGetValue(id, out var transaction) || transaction.Status != "TIP")
            {
                return false;
            }

            completed = declineCode is null
                ? transaction with { Status = "TS", ResponseCode = Success, AirtelMoneyId = "MP" + now.ToString("yyMMdd", CultureInfo.InvariantCulture) + "." + NextString(4, "0123456789") + "." + NextString(6, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), CompletedAt = now }
                : transaction with { Status = declineCode == "DP00800001029" ? "TE" : "TF", ResponseCode = declineCode, CompletedAt = now };
            _transactions[id] = completed;
        }

        Journal(ToJournal(completed));

        if (completed.Status == "TS")
        {
            RecordCharge(new SimulatedCharge(ProviderName, completed.Id, completed.AirtelMoneyId!, completed.Amount, completed.Currency, now)
            {
                PhoneNumber = completed.PhoneNumber,
                Receipt = completed.AirtelMoneyId,
            });
        }

        if (CallbackUrl is { } url)
        {
            var body = new JsonObject
            {
                ["transaction"] = new JsonObject
                {
                    ["id"] = completed.Id,
                    ["message"] = completed.Status == "TS" ? "Paid " + completed.Currency + " " + completed.Amount.ToString(CultureInfo.InvariantCulture) : "Transaction failed",
                    ["status_code"] = completed.Status,
                    ["airtel_money_id"] = completed.AirtelMoneyId,
                },
            }.ToJsonString();
            _ = SendCallbackAsync(url, body);
        }

        return true;
    }
}
