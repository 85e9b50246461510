using System.Text.Json;

namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>Daraja's wire format as the simulator speaks it: error bodies, request checks, decline texts, statement pages.</summary>
internal static class DarajaApi
{
    public const string OAuthPath = "/oauth/v1/generate";
    public const string StkPushPath = "/mpesa/stkpush/v1/processrequest";
    public const string StkQueryPath = "/mpesa/stkpushquery/v1/query";
    public const string PullTransactionsPath = "/pulltransactions/v1/query";

    private static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);

    /// <summary>Daraja's error body (<c>requestId</c>, <c>errorCode</c>, <c>errorMessage</c>).</summary>
    public static ResponseMessage Error(int status, string code, string message) =>
        SimulatorJson.Respond(status, new Dictionary<string, string> { ["requestId"] = Guid.NewGuid().ToString("N"), ["errorCode"] = code, ["errorMessage"] = message });

    /// <summary>The answer to an unknown, revoked or missing access token.</summary>
    public static ResponseMessage InvalidToken() => Error(404, "404.001.03", "Invalid Access Token");

    /// <summary>
    /// The checks of both STK endpoints after the token: JSON, BusinessShortCode, Timestamp (format only: the SDKs send UTC, Daraja
    /// documents Nairobi time and accepts both), and the Password, refused as Daraja does with HTTP 500 <c>500.001.1001</c>
    /// "Wrong credentials" when it is missing or does not encode this short code, the passkey and the request's Timestamp.
    /// </summary>
    public static ResponseMessage? CheckStkBody(IRequestMessage request, string businessShortCode, string passkey, out JsonNode? body)
    {
        if (!SimulatorJson.TryParse(request, out body))
        {
            return Error(400, "400.002.02", "Bad Request - Invalid JSON");
        }

        if (body is not JsonObject || SimulatorJson.Text(body, "BusinessShortCode") != businessShortCode)
        {
            return Error(400, "400.002.02", "Bad Request - Invalid BusinessShortCode");
        }

        var timestamp = SimulatorJson.Text(body, "Timestamp");
        if (timestamp is null || !DateTime.TryParseExact(timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Error(400, "400.002.02", "Bad Request - Invalid Timestamp");
        }

        var password = Convert.ToBase64String(Encoding.UTF8.GetBytes(businessShortCode + passkey + timestamp));
        return string.Equals(SimulatorJson.Text(body, "Password"), password, StringComparison.Ordinal)
            ? null
            : Error(500, "500.001.1001", "Wrong credentials");
    }

    /// <summary>
    /// The first invalid field of an STK push, or <see langword="null"/> with the amount and CallBackURL. As lenient as the observed
    /// API: no length limit on AccountReference or TransactionDesc (the documented 12 and 13 are not enforced by Daraja), PartyA
    /// need not equal PhoneNumber (documented: "can be the same as PartyA"), TransactionDesc may be absent (documented as the one
    /// optional field) but not <c>null</c> (refused as <c>Invalid Remarks</c>), numbers may be JSON numbers or strings.
    /// </summary>
    public static string? InvalidPushField(JsonNode? body, out decimal amount, out Uri? callbackUrl)
    {
        amount = 0;
        callbackUrl = null;
        var type = SimulatorJson.Text(body, "TransactionType");
        if (type is not ("CustomerPayBillOnline" or "CustomerBuyGoodsOnline"))
        {
            return "TransactionType";
        }

        if (!decimal.TryParse(SimulatorJson.Text(body, "Amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out amount) || decimal.Truncate(amount) != amount || amount < 1 || amount > 250_000)
        {
            return "Amount";
        }

        if (!IsMsisdn(SimulatorJson.Text(body, "PartyA")))
        {
            return "PartyA";
        }

        if (string.IsNullOrEmpty(SimulatorJson.Text(body, "PartyB")))
        {
            return "PartyB";
        }

        if (!IsMsisdn(SimulatorJson.Text(body, "PhoneNumber")))
        {
            return "PhoneNumber";
        }

        if (!Uri.TryCreate(SimulatorJson.Text(body, "CallBackURL"), UriKind.Absolute, out callbackUrl))
        {
            return "CallBackURL";
        }

        if (string.IsNullOrEmpty(SimulatorJson.Text(body, "AccountReference")))
        {
            return "AccountReference";
        }

        // Absent is fine; null (observed: 400.002.02 "Bad Request - Invalid Remarks"), an object, an array or a boolean is not.
        return body is JsonObject o && o.TryGetPropertyValue("TransactionDesc", out var description)
            && (description is not JsonValue value || value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            ? "Remarks"
            : null;
    }

    /// <summary>A Kenyan MSISDN as Daraja takes it: 254 and nine digits.</summary>
    private static bool IsMsisdn(string? phone) =>
        phone is { Length: 12 } && phone.StartsWith("254", StringComparison.Ordinal) && phone.All(char.IsAsciiDigit);

    /// <summary>Daraja's ResultDesc of a decline code.</summary>
    public static string DeclineDescription(string? code) => code switch
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

    /// <summary>
    /// The Pull Transactions API: the short code's successful charges stamped within [StartDate, EndDate] (Nairobi time), 100 a
    /// page from OffSetValue, payers' numbers masked as in production.
    /// </summary>
    public static ResponseMessage PullTransactions(IRequestMessage request, string businessShortCode, IEnumerable<SimulatedCharge> charges)
    {
        if (!SimulatorJson.TryParse(request, out var body))
        {
            return Error(400, "400.002.02", "Bad Request - Invalid Body");
        }

        if (!string.Equals(SimulatorJson.Text(body, "ShortCode"), businessShortCode, StringComparison.Ordinal))
        {
            return Error(400, "400.002.02", "Bad Request - Invalid ShortCode");
        }

        if (!TryParseNairobi(SimulatorJson.Text(body, "StartDate"), out var from) || !TryParseNairobi(SimulatorJson.Text(body, "EndDate"), out var until) || until < from)
        {
            return Error(400, "400.002.02", "Bad Request - Invalid StartDate or EndDate");
        }

        if (!int.TryParse(SimulatorJson.Text(body, "OffSetValue") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Error(400, "400.002.02", "Bad Request - Invalid OffSetValue");
        }

        var page = new JsonArray();
        foreach (var charge in charges.Where(c => c.ChargedAt >= from && c.ChargedAt <= until).Skip(offset).Take(100))
        {
            page.Add(new JsonObject
            {
                ["transactionId"] = charge.Receipt ?? charge.ProviderReference,
                ["trxDate"] = charge.ChargedAt.ToOffset(Nairobi).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["msisdn"] = charge.PhoneNumber,
                ["sender"] = "M-PESA",
                ["transactiontype"] = "c2b-pay-bill-debit",
                ["billreference"] = charge.MerchantReference,
                ["amount"] = charge.Amount.ToString("0.0", CultureInfo.InvariantCulture),
                ["organizationname"] = "Simulated County",
            });
        }

        return SimulatorJson.Respond(200, new JsonObject
        {
            ["ResponseRefID"] = Guid.NewGuid().ToString("N"),
            ["ResponseCode"] = "1000",
            ["ResponseMessage"] = "Success",
            ["Response"] = new JsonArray(page),
        });
    }

    private static bool TryParseNairobi(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        instant = new DateTimeOffset(local, Nairobi);
        return true;
    }
}
