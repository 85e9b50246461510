namespace Resilience.Payments.Testing.Simulators.AirtelMoney.Internal;

/// <summary>The Airtel Money Open API's wire format as the simulator speaks it: status objects, errors, checks, journal records.</summary>
internal static class AirtelApi
{
    public const string TokenPath = "/auth/oauth2/token";
    public const string CollectionPath = "/merchant/v1/payments";
    public const string EnquiryPrefix = "/standard/v1/payments/";
    public const string RefundPath = "/standard/v1/payments/refund";
    public const string InProcess = "DP00800001006";
    public const string Success = "DP00800001001";

    /// <summary>
    /// The path as the simulator routes it: the v2 paths of Airtel's signed API (<c>/merchant/v2/payments/</c>,
    /// <c>/standard/v2/payments/...</c>, with <c>x-signature</c>/<c>x-key</c> headers) go where their v1 twins go, the signature
    /// unchecked.
    /// </summary>
    public static string Route(string? absolutePath)
    {
        var path = absolutePath ?? string.Empty;
        foreach (var (v2, v1) in (ReadOnlySpan<(string, string)>)[("/merchant/v2/", "/merchant/v1/"), ("/standard/v2/", "/standard/v1/")])
        {
            if (path.StartsWith(v2, StringComparison.Ordinal))
            {
                return v1 + path[v2.Length..];
            }
        }

        return path;
    }

    /// <summary>The answers to the request faults: OAuth-style error bodies with 429 and 503.</summary>
    public static readonly SimulatorAnswers Answers = new(
        () => OAuthError(429, "rate_limited", "Too many requests"),
        Unavailable,
        Unavailable);

    /// <summary>The decline codes Airtel answers at once, creating nothing; any other is the payer's answer on the phone.</summary>
    public static readonly IReadOnlySet<string> SynchronousDeclines = new HashSet<string>(StringComparer.Ordinal) { "DP00800001004", "DP00800001010", "DP00800001026" };

    /// <summary>An OAuth-style error body (<c>error</c>, <c>error_description</c>).</summary>
    public static ResponseMessage OAuthError(int status, string error, string description) =>
        SimulatorJson.Respond(status, new JsonObject { ["error"] = error, ["error_description"] = description });

    /// <summary>Airtel's <c>status</c> object.</summary>
    public static JsonObject Status(int code, string message, string resultCode, string? responseCode, bool success)
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

    /// <summary>An error: empty <c>data</c> and a failed <c>status</c>.</summary>
    public static ResponseMessage Error(int http, string message, string resultCode, string? responseCode = null) =>
        SimulatorJson.Respond(http, new JsonObject { ["data"] = new JsonObject(), ["status"] = Status(http, message, resultCode, responseCode, success: false) });

    /// <summary>A successful answer about one transaction.</summary>
    public static ResponseMessage Transaction(JsonObject transaction, string responseCode) => SimulatorJson.Respond(200, new JsonObject
    {
        ["data"] = new JsonObject { ["transaction"] = transaction },
        ["status"] = Status(200, "SUCCESS", "ESB000010", responseCode, success: true),
    });

    /// <summary>The checks of a collection before the books: body, ids, country, currency, MSISDN and amount.</summary>
    public static ResponseMessage? CheckCollection(IRequestMessage request, out string id, out PhoneNumber phone, out decimal amount, out string currency)
    {
        id = string.Empty;
        phone = default;
        amount = 0;
        currency = string.Empty;
        if (!SimulatorJson.TryParse(request, out var body))
        {
            return Error(400, "Invalid request body", "ESB000008");
        }

        var subscriber = body?["subscriber"];
        var transaction = body?["transaction"];
        var msisdn = SimulatorJson.Text(subscriber, "msisdn");
        if (SimulatorJson.Text(transaction, "id") is not { } text || string.IsNullOrWhiteSpace(text) || transaction is null || subscriber is null)
        {
            return Error(400, "Mandatory field missing: transaction.id", "ESB000008");
        }

        id = text;

        // X-Country and X-Currency are required headers; the body's country and currency fields are optional (Airtel's
        // collection documentation), and when sent they must name the headers' country and currency.
        var xCountry = SimulatorJson.Header(request, "X-Country");
        if (string.IsNullOrWhiteSpace(xCountry) || !Agrees(xCountry, SimulatorJson.Text(transaction, "country")) || !Agrees(xCountry, SimulatorJson.Text(subscriber, "country")))
        {
            return Error(400, "Invalid Country Name", "ESB000034");
        }

        var xCurrency = SimulatorJson.Header(request, "X-Currency");
        if (string.IsNullOrWhiteSpace(xCurrency) || !Agrees(xCurrency, SimulatorJson.Text(transaction, "currency")) || !Agrees(xCurrency, SimulatorJson.Text(subscriber, "currency")))
        {
            return Error(400, "Invalid Currency Code", "ESB000035");
        }

        currency = xCurrency.ToUpperInvariant();

        // The msisdn is sent without the country code; the simulator only holds Airtel Kenya wallets.
        if (msisdn is null || msisdn.Length != 9 || !msisdn.All(char.IsAsciiDigit) || !PhoneNumber.TryParse(msisdn, out phone) || phone.Network != MobileNetwork.Airtel)
        {
            return Error(400, "Invalid MSISDN Length. MSISDN Length should be 9 and should not start with 0 or the country code", "ESB000036");
        }

        return decimal.TryParse(SimulatorJson.Text(transaction, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out amount) && amount > 0
            ? null
            : Error(200, "Invalid amount", "ESB000011", "DP00800001004");
    }

    /// <summary>The v1 callback body of a completed transaction.</summary>
    public static string CallbackBody(AirtelMoneySimulatedTransaction completed) => new JsonObject
    {
        ["transaction"] = new JsonObject
        {
            ["id"] = completed.Id,
            ["message"] = completed.Status == "TS" ? "Paid " + completed.Currency + " " + completed.Amount.ToString(CultureInfo.InvariantCulture) : "Transaction failed",
            ["status_code"] = completed.Status,
            ["airtel_money_id"] = completed.AirtelMoneyId,
        },
    }.ToJsonString();

    /// <summary>The v1 callback body of a completed refund (inferred: the collection's shape, with the refund's id).</summary>
    public static string CallbackBody(AirtelMoneySimulatedRefund completed) => new JsonObject
    {
        ["transaction"] = new JsonObject
        {
            ["id"] = completed.Id,
            ["message"] = completed.Status == "TS" ? "Refunded " + completed.Currency + " " + completed.Amount.ToString(CultureInfo.InvariantCulture) : "Refund failed",
            ["status_code"] = completed.Status,
            ["airtel_money_id"] = completed.AirtelMoneyId,
        },
    }.ToJsonString();

    /// <summary>The answer of the enquiry of a refund's id.</summary>
    public static ResponseMessage Enquiry(AirtelMoneySimulatedRefund refund) => Transaction(
        new JsonObject
        {
            ["airtel_money_id"] = refund.AirtelMoneyId,
            ["id"] = refund.Id,
            ["message"] = refund.Status switch { "TS" => "Refund successful", "TIP" => "Transaction in progress", _ => "Refund failed" },
            ["status"] = refund.Status,
        },
        refund.ResponseCode);

    /// <summary>The money given back by a completed refund.</summary>
    public static SimulatedRefund ToRefund(string provider, AirtelMoneySimulatedRefund refund, DateTimeOffset refundedAt) =>
        new(provider, refund.RefundedAirtelMoneyId, refund.Id, refund.Amount, refund.Currency, refundedAt) { MerchantReference = refund.ChargeId };

    public static JsonObject ToJournal(AirtelMoneySimulatedRefund refund) => new()
    {
        ["kind"] = "refund",
        ["id"] = refund.Id,
        ["chargeId"] = refund.ChargeId,
        ["refundedAirtelMoneyId"] = refund.RefundedAirtelMoneyId,
        ["status"] = refund.Status,
        ["responseCode"] = refund.ResponseCode,
        ["amount"] = refund.Amount,
        ["currency"] = refund.Currency,
        ["createdAt"] = refund.CreatedAt,
        ["airtelMoneyId"] = refund.AirtelMoneyId,
        ["completedAt"] = refund.CompletedAt,
    };

    public static bool IsRefund(JsonObject record) => (string?)record["kind"] == "refund";

    public static AirtelMoneySimulatedRefund RefundFromJournal(JsonObject record) => new(
        (string)record["id"]!,
        (string)record["chargeId"]!,
        (string)record["refundedAirtelMoneyId"]!,
        (string)record["status"]!,
        (string)record["responseCode"]!,
        (decimal)record["amount"]!,
        (string)record["currency"]!,
        (DateTimeOffset)record["createdAt"]!)
    {
        AirtelMoneyId = (string?)record["airtelMoneyId"],
        CompletedAt = (DateTimeOffset?)record["completedAt"],
    };

    /// <summary>The money moved by a successful transaction.</summary>
    public static SimulatedCharge ToCharge(string provider, AirtelMoneySimulatedTransaction transaction, DateTimeOffset chargedAt) =>
        new(provider, transaction.Id, transaction.AirtelMoneyId!, transaction.Amount, transaction.Currency, chargedAt)
        {
            PhoneNumber = transaction.PhoneNumber,
            Receipt = transaction.AirtelMoneyId,
        };

    public static JsonObject ToJournal(AirtelMoneySimulatedTransaction transaction) => new()
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

    public static AirtelMoneySimulatedTransaction FromJournal(JsonObject record) => new(
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

    /// <summary>Whether an optional body field agrees with its header: absent, or the same code in any case.</summary>
    private static bool Agrees(string header, string? field) => field is null || string.Equals(header, field, StringComparison.OrdinalIgnoreCase);

    private static ResponseMessage Unavailable() => OAuthError(503, "service_unavailable", "Service temporarily unavailable");
}
