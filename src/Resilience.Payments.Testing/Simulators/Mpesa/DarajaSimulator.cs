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
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// A Safaricom M-Pesa Daraja simulator on a loopback port (WireMock.Net): OAuth, STK push, STK query and the payer's
/// answer, followed by the stkCallback to the request's CallBackURL. It keeps its own charge ledger (<see cref="Charges"/>),
/// the ground truth for "charged at most once" audits, and injects faults deterministically (seeded) and optionally only
/// within a time window of its clock (<see cref="ProviderSimulator{TSelf}.During"/>). Fault kinds on Daraja:
/// <see cref="SimulatorFaultKind.RateLimited"/> is HTTP 500 errorCode <c>500.003.02</c> (spike arrest), <see cref="SimulatorFaultKind.Slow"/>
/// delays STK pushes, <see cref="SimulatorFaultKind.Decline"/> is the payer's ResultCode, and callbacks are the stkCallback. Like Daraja it has no idempotency key: every STK push is a new
/// prompt, and the ledger is per CheckoutRequestID.
/// </summary>
/// <remarks>
/// Point the adapter at <see cref="ProviderSimulator.BaseAddress"/> with <see cref="ConsumerKey"/>, <see cref="ConsumerSecret"/>,
/// <see cref="BusinessShortCode"/> and <see cref="Passkey"/>. The payer acts <see cref="PayerDelay"/> after an accepted STK
/// push, on the simulator's <see cref="TimeProvider"/> (advance a fake clock to make them act). HTTP delays
/// (<see cref="SimulatorFaultKind.Slow"/>, <see cref="SimulatorFaultKind.ChargeThenNoReply"/>, held for <see cref="NoReplyDelay"/>) are real time, since HTTP client timeouts are.
/// </remarks>
public sealed class DarajaSimulator : ProviderSimulator<DarajaSimulator>
{
    /// <summary>The Daraja sandbox passkey of short code 174379, the simulator's default.</summary>
    public const string SandboxPasskey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    private const string OAuthPath = "/oauth/v1/generate";
    private const string StkPushPath = "/mpesa/stkpush/v1/processrequest";
    private const string StkQueryPath = "/mpesa/stkpushquery/v1/query";
    private const string PullTransactionsPath = "/pulltransactions/v1/query";

    private readonly object _gate = new();
    private readonly Dictionary<string, DarajaSimulatorStk> _stks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _validTokens = new(StringComparer.Ordinal);
    private int _sequence;
    private int _tokenRequests;
    private int _stkPushes;
    private int _stkQueries;
    private int _pullQueries;
    private int _prompts;

    /// <summary>Starts the simulator on a free loopback port.</summary>
    /// <param name="timeProvider">The clock for the payer's delay, fault windows and timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="seed">The seed of every random choice (fault rates, receipts), so that a run is reproducible.</param>
    public DarajaSimulator(TimeProvider? timeProvider = null, int seed = 1)
        : base(timeProvider, seed)
    {
        Start();
    }

    /// <inheritdoc />
    public override string ProviderName => "mpesa";

    /// <summary>Gets or sets the consumer key the OAuth endpoint accepts.</summary>
    public string ConsumerKey { get; set; } = "simulator-consumer-key";

    /// <summary>Gets or sets the consumer secret the OAuth endpoint accepts.</summary>
    public string ConsumerSecret { get; set; } = "simulator-consumer-secret";

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
    /// misrouted transaction) in tests of the amount checks: the ledger records the amount paid and the callback's CallbackMetadata
    /// reports it.
    /// </summary>
    public decimal? PaidAmount { get; set; }

    /// <summary>Gets or sets the <c>expires_in</c> of issued tokens, in seconds. Default 3599.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3599;

    /// <summary>Gets the charges made, in order: the ground truth for audits (the same as <see cref="ProviderSimulator.Ledger"/>).</summary>
    public IReadOnlyList<SimulatedCharge> Charges => Ledger;

    /// <summary>Gets how many OAuth token requests arrived.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Gets how many STK push requests arrived (accepted or not).</summary>
    public int StkPushRequests => Volatile.Read(ref _stkPushes);

    /// <summary>Gets how many STK query requests arrived.</summary>
    public int StkQueryRequests => Volatile.Read(ref _stkQueries);

    /// <summary>Gets how many STK pushes were accepted (a PIN prompt went to the payer), whether or not their reply was sent.</summary>
    public int PromptsSent => Volatile.Read(ref _prompts);

    /// <summary>Gets how many Pull Transactions (statement) queries arrived.</summary>
    public int PullTransactionsRequests => Volatile.Read(ref _pullQueries);

    /// <summary>Answers 500 with errorCode <c>500.003.02</c> (spike arrest), before anything is recorded, at the given rate.</summary>
    /// <param name="rate">The fraction of STK requests affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public DarajaSimulator SpikeArrest(double rate = 1) => RateLimited(rate);

    /// <summary>Revokes every issued token: the next STK call gets <c>404.001.03</c> (invalid access token).</summary>
    public void InvalidateTokens()
    {
        lock (_gate)
        {
            _validTokens.Clear();
        }
    }

    private static ResponseMessage Json(int status, object body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData
            {
                BodyAsString = body as string ?? JsonSerializer.Serialize(body),
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            },
        };
        message.AddHeader("Content-Type", "application/json");
        return message;
    }

    private static ResponseMessage DarajaError(int status, string code, string message) =>
        Json(status, new Dictionary<string, string> { ["requestId"] = Guid.NewGuid().ToString("N"), ["errorCode"] = code, ["errorMessage"] = message });

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <inheritdoc />
    protected override void MapRoutes(WireMockServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Given(Request.Create().WithPath(OAuthPath).UsingGet()).RespondWith(Response.Create().WithCallback(OAuth));
        server.Given(Request.Create().WithPath(StkPushPath).UsingPost()).RespondWith(Response.Create().WithCallback(StkPushAsync));
        server.Given(Request.Create().WithPath(StkQueryPath).UsingPost()).RespondWith(Response.Create().WithCallback(StkQueryAsync));
        server.Given(Request.Create().WithPath(PullTransactionsPath).UsingPost()).RespondWith(Response.Create().WithCallback(PullTransactions));
    }

    /// <summary>
    /// The Pull Transactions API: the short code's successful charges stamped within [StartDate, EndDate] (Nairobi time), 100 a
    /// page from OffSetValue, payers' numbers masked as in production.
    /// </summary>
    private IResponseMessage PullTransactions(IRequestMessage request)
    {
        Interlocked.Increment(ref _pullQueries);
        var authorization = Header(request, "Authorization");
        lock (_gate)
        {
            if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.Contains(authorization["Bearer ".Length..]))
            {
                return DarajaError(404, "404.001.03", "Invalid Access Token");
            }
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(request.Body ?? string.Empty).RootElement.Clone();
        }
        catch (JsonException)
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid Body");
        }

        if (!string.Equals(Text(body, "ShortCode"), BusinessShortCode, StringComparison.Ordinal))
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid ShortCode");
        }

        if (!TryParseNairobi(Text(body, "StartDate"), out var from) || !TryParseNairobi(Text(body, "EndDate"), out var until) || until < from)
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid StartDate or EndDate");
        }

        if (!int.TryParse(Text(body, "OffSetValue") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid OffSetValue");
        }

        var nairobi = TimeSpan.FromHours(3);
        var page = new JsonArray();
        foreach (var charge in Ledger.Where(c => c.ChargedAt >= from && c.ChargedAt <= until).Skip(offset).Take(100))
        {
            page.Add(new JsonObject
            {
                ["transactionId"] = charge.Receipt ?? charge.ProviderReference,
                ["trxDate"] = charge.ChargedAt.ToOffset(nairobi).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["msisdn"] = charge.PhoneNumber,
                ["sender"] = "M-PESA",
                ["transactiontype"] = "c2b-pay-bill-debit",
                ["billreference"] = charge.MerchantReference,
                ["amount"] = charge.Amount.ToString("0.0", CultureInfo.InvariantCulture),
                ["organizationname"] = "Simulated County",
            });
        }

        return Json(200, new JsonObject
        {
            ["ResponseRefID"] = Guid.NewGuid().ToString("N"),
            ["ResponseCode"] = "1000",
            ["ResponseMessage"] = "Success",
            ["Response"] = new JsonArray(page),
        }.ToJsonString());
    }

    private static bool TryParseNairobi(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        instant = new DateTimeOffset(local, TimeSpan.FromHours(3));
        return true;
    }

    private IResponseMessage OAuth(IRequestMessage request)
    {
        Interlocked.Increment(ref _tokenRequests);
        var grant = request.Query is not null && request.Query.TryGetValue("grant_type", out var values) ? values.FirstOrDefault() : null;
        if (!string.Equals(grant, "client_credentials", StringComparison.Ordinal))
        {
            return DarajaError(400, "400.008.02", "Invalid grant type passed");
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));
        if (!string.Equals(Header(request, "Authorization"), expected, StringComparison.Ordinal))
        {
            return DarajaError(400, "400.008.01", "Invalid Authentication passed");
        }

        var token = string.Create(CultureInfo.InvariantCulture, $"sim{NextInt64():x16}");
        lock (_gate)
        {
            _validTokens.Clear(); // a new token invalidates the previous one, as on Daraja
            _validTokens.Add(token);
        }

        return Json(200, new Dictionary<string, string> { ["access_token"] = token, ["expires_in"] = TokenLifetimeSeconds.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Common checks of both STK endpoints: faults before acceptance, bearer token, Password and Timestamp.</summary>
    private ResponseMessage? Precheck(IRequestMessage request, out JsonElement body)
    {
        body = default;
        if (Draw(SimulatorFaultKind.Http503) is not null)
        {
            var unavailable = new ResponseMessage { StatusCode = 503, BodyData = new BodyData { BodyAsString = "Service Unavailable", DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 } };
            return unavailable;
        }

        if (Draw(SimulatorFaultKind.RateLimited) is not null)
        {
            return DarajaError(500, "500.003.02", "Spike arrest violation");
        }

        var authorization = Header(request, "Authorization");
        lock (_gate)
        {
            if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.Contains(authorization["Bearer ".Length..]))
            {
                return DarajaError(404, "404.001.03", "Invalid Access Token");
            }
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body ?? string.Empty);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid JSON");
        }

        if (body.ValueKind != JsonValueKind.Object || Text(body, "BusinessShortCode") != BusinessShortCode)
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid BusinessShortCode");
        }

        var timestamp = Text(body, "Timestamp");
        if (timestamp is null || !DateTime.TryParseExact(timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid Timestamp");
        }

        var password = Convert.ToBase64String(Encoding.UTF8.GetBytes(BusinessShortCode + Passkey + timestamp));
        if (!string.Equals(Text(body, "Password"), password, StringComparison.Ordinal))
        {
            return DarajaError(400, "400.002.02", "Bad Request - Invalid Password");
        }

        return null;
    }

    private static string? InvalidPushField(JsonElement body, out decimal amount, out Uri? callbackUrl)
    {
        amount = 0;
        callbackUrl = null;
        var type = Text(body, "TransactionType");
        if (type is not ("CustomerPayBillOnline" or "CustomerBuyGoodsOnline"))
        {
            return "TransactionType";
        }

        if (!decimal.TryParse(Text(body, "Amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out amount) || decimal.Truncate(amount) != amount || amount < 1 || amount > 250_000)
        {
            return "Amount";
        }

        var phone = Text(body, "PhoneNumber");
        if (phone is null || phone.Length != 12 || !phone.StartsWith("254", StringComparison.Ordinal) || !phone.All(char.IsAsciiDigit) || Text(body, "PartyA") != phone)
        {
            return "PhoneNumber";
        }

        if (string.IsNullOrEmpty(Text(body, "PartyB")))
        {
            return "PartyB";
        }

        if (!Uri.TryCreate(Text(body, "CallBackURL"), UriKind.Absolute, out callbackUrl))
        {
            return "CallBackURL";
        }

        var reference = Text(body, "AccountReference");
        if (string.IsNullOrEmpty(reference) || reference.Length > 12)
        {
            return "AccountReference";
        }

        var description = Text(body, "TransactionDesc");
        if (string.IsNullOrEmpty(description) || description.Length > 13)
        {
            return "TransactionDesc";
        }

        return null;
    }

    private async Task<IResponseMessage> StkPushAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _stkPushes);
        if (Precheck(request, out var body) is { } rejected)
        {
            return rejected;
        }

        if (InvalidPushField(body, out var amount, out var callbackUrl) is { } field)
        {
            return DarajaError(400, "400.002.02", $"Bad Request - Invalid {field}");
        }

        if (Draw(SimulatorFaultKind.Slow) is { } slow && !await DelayAsync(slow.Latency).ConfigureAwait(false))
        {
            return DarajaError(500, "500.003.1001", "Internal Server Error");
        }

        var noReply = Draw(SimulatorFaultKind.ChargeThenNoReply) is not null;
        DarajaSimulatorStk stk;
        var merchantSuffix = Next(10_000_000, 99_999_999);
        lock (_gate)
        {
            var n = ++_sequence;
            var now = TimeProvider.GetUtcNow();
            stk = new DarajaSimulatorStk
            {
                CheckoutRequestId = string.Create(CultureInfo.InvariantCulture, $"ws_CO_{now:ddMMyyyyHHmmss}{n:D6}"),
                MerchantRequestId = string.Create(CultureInfo.InvariantCulture, $"{n:D5}-{merchantSuffix}-1"),
                PhoneNumber = Text(body, "PhoneNumber")!,
                Amount = amount,
                AccountReference = Text(body, "AccountReference")!,
                CallbackUrl = callbackUrl!,
                ForceApprove = noReply,
            };
            _stks.Add(stk.CheckoutRequestId, stk);
        }

        Journal(ToJournal(stk));
        Schedule(PayerDelay, () => PayerActs(stk));
        Interlocked.Increment(ref _prompts);

        if (noReply)
        {
            await DelayAsync(NoReplyDelay).ConfigureAwait(false); // the caller times out long before this
        }

        return Json(200, new Dictionary<string, string>
        {
            ["MerchantRequestID"] = stk.MerchantRequestId,
            ["CheckoutRequestID"] = stk.CheckoutRequestId,
            ["ResponseCode"] = "0",
            ["ResponseDescription"] = "Success. Request accepted for processing",
            ["CustomerMessage"] = "Success. Request accepted for processing",
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
            var stk = new DarajaSimulatorStk
            {
                CheckoutRequestId = (string)record["id"]!,
                MerchantRequestId = (string)record["merchantRequestId"]!,
                PhoneNumber = (string)record["phone"]!,
                Amount = (decimal)record["amount"]!,
                PaidAmount = (decimal?)record["paidAmount"],
                AccountReference = (string)record["accountReference"]!,
                CallbackUrl = new Uri((string)record["callbackUrl"]!),
                ForceApprove = (bool)record["forceApprove"]!,
                ResultCode = (string?)record["resultCode"],
                ResultDesc = (string?)record["resultDesc"],
                Receipt = (string?)record["receipt"],
                CompletedAt = (DateTimeOffset?)record["completedAt"],
            };
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
                RecordCharge(new SimulatedCharge(ProviderName, stk.AccountReference, stk.CheckoutRequestId, stk.PaidAmount ?? stk.Amount, "KES", stk.CompletedAt ?? TimeProvider.GetUtcNow())
                {
                    PhoneNumber = PhoneNumber.Mask(stk.PhoneNumber),
                    Receipt = stk.Receipt,
                });
            }
        }
    }

    private static JsonObject ToJournal(DarajaSimulatorStk stk) => new()
    {
        ["id"] = stk.CheckoutRequestId,
        ["merchantRequestId"] = stk.MerchantRequestId,
        ["phone"] = stk.PhoneNumber,
        ["amount"] = stk.Amount,
        ["paidAmount"] = stk.PaidAmount,
        ["accountReference"] = stk.AccountReference,
        ["callbackUrl"] = stk.CallbackUrl.AbsoluteUri,
        ["forceApprove"] = stk.ForceApprove,
        ["resultCode"] = stk.ResultCode,
        ["resultDesc"] = stk.ResultDesc,
        ["receipt"] = stk.Receipt,
        ["completedAt"] = stk.CompletedAt,
    };

    private Task<IResponseMessage> StkQueryAsync(IRequestMessage request)
    {
        Interlocked.Increment(ref _stkQueries);
        if (Precheck(request, out var body) is { } rejected)
        {
            return Task.FromResult<IResponseMessage>(rejected);
        }

        var id = Text(body, "CheckoutRequestID");
        lock (_gate)
        {
            if (id is null || !_stks.TryGetValue(id, out var stk))
            {
                return Task.FromResult<IResponseMessage>(DarajaError(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID"));
            }

            if (stk.ResultCode is null)
            {
                return Task.FromResult<IResponseMessage>(DarajaError(500, "500.001.1001", "The transaction is being processed"));
            }

            return Task.FromResult<IResponseMessage>(Json(200, new Dictionary<string, string>
            {
                ["ResponseCode"] = "0",
                ["ResponseDescription"] = "The service request has been accepted successsfully",
                ["MerchantRequestID"] = stk.MerchantRequestId,
                ["CheckoutRequestID"] = stk.CheckoutRequestId,
                ["ResultCode"] = stk.ResultCode,
                ["ResultDesc"] = stk.ResultDesc ?? string.Empty,
            }));
        }
    }

    /// <summary>The simulated payer answers the prompt: approves (a charge in the ledger) or declines; then the callback goes out.</summary>
    private void PayerActs(DarajaSimulatorStk stk)
    {
        var decline = stk.ForceApprove ? null : Draw(SimulatorFaultKind.Decline);
        var receipt = decline is null ? NextString(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : null;
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
                stk.ResultDesc = decline.Code switch
                {
                    "1032" => "Request cancelled by user",
                    "1" => "The balance is insufficient for the transaction.",
                    "1037" => "DS timeout user cannot be reached",
                    "2001" => "The initiator information is invalid.",
                    "1019" => "Transaction has expired",
                    "1025" => "An error occurred while sending a push request",
                    "SFC_IC0003" => "The operator does not exist.",
                    _ => "The transaction failed.",
                };
            }

            body = CallbackBody(stk, now);
        }

        Journal(ToJournal(stk));
        if (decline is null)
        {
            RecordCharge(new SimulatedCharge(ProviderName, stk.AccountReference, stk.CheckoutRequestId, stk.PaidAmount ?? stk.Amount, "KES", now)
            {
                PhoneNumber = PhoneNumber.Mask(stk.PhoneNumber),
                Receipt = receipt,
            });
        }

        _ = SendCallbackAsync(stk.CallbackUrl, body); // Daraja does not retry a failed callback either
    }

    private static string CallbackBody(DarajaSimulatorStk stk, DateTimeOffset now)
    {
        var callback = new JsonObject
        {
            ["MerchantRequestID"] = stk.MerchantRequestId,
            ["CheckoutRequestID"] = stk.CheckoutRequestId,
            ["ResultCode"] = int.TryParse(stk.ResultCode, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
                ? JsonValue.Create(numeric)
                : JsonValue.Create(stk.ResultCode), // a number, except codes such as SFC_IC0003 that Daraja sends as strings
            ["ResultDesc"] = stk.ResultDesc,
        };
        if (stk.ResultCode == "0")
        {
            var nairobi = now.ToOffset(TimeSpan.FromHours(3));
            callback["CallbackMetadata"] = new JsonObject
            {
                ["Item"] = new JsonArray(
                    new JsonObject { ["Name"] = "Amount", ["Value"] = stk.PaidAmount ?? stk.Amount },
                    new JsonObject { ["Name"] = "MpesaReceiptNumber", ["Value"] = stk.Receipt },
                    new JsonObject { ["Name"] = "Balance" },
                    new JsonObject { ["Name"] = "TransactionDate", ["Value"] = long.Parse(nairobi.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) },
                    new JsonObject { ["Name"] = "PhoneNumber", ["Value"] = long.Parse(stk.PhoneNumber, CultureInfo.InvariantCulture) }),
            };
        }

        return new JsonObject { ["Body"] = new JsonObject { ["stkCallback"] = callback } }.ToJsonString();
    }
}
