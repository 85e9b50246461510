namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>Paystack's wire format as the simulator speaks it: refusals, request checks, answers.</summary>
internal static class PaystackApi
{
    public const string VerifyPrefix = "/transaction/verify/";

    public const string ChargePrefix = "/charge/";

    public const string TransactionPrefix = "/transaction/";

    /// <summary>The answers to the request faults: 429 and 503 refusals.</summary>
    public static readonly SimulatorAnswers Answers = new(
        () => Refuse(429, "Too many requests"),
        () => Refuse(503, "Service unavailable"),
        () => Refuse(503, "Service unavailable"));

    /// <summary>Paystack's refusal body (<c>status: false</c> and a message).</summary>
    public static ResponseMessage Refuse(int status, string message) => Respond(status, new JsonObject { ["status"] = false, ["message"] = message });

    /// <summary>A successful answer with <paramref name="data"/>.</summary>
    public static ResponseMessage Ok(string message, JsonObject data) => Respond(200, new JsonObject { ["status"] = true, ["message"] = message, ["data"] = data });

    /// <summary>An answer serialized as Paystack's servers serialize (<see cref="PaystackTransactionJson.Wire"/>).</summary>
    public static ResponseMessage Respond(int status, JsonObject body) => SimulatorJson.Respond(status, body.ToJsonString(PaystackTransactionJson.Wire));

    /// <summary>The answer of <c>GET /transaction/verify/{reference}</c>: a charge waiting for the payer (<c>pay_offline</c>) shows as <c>pending</c>.</summary>
    public static ResponseMessage Verified(JsonObject data)
    {
        if ((string?)data["status"] == "pay_offline")
        {
            data["status"] = "pending";
        }

        return Ok("Verification successful", data);
    }

    /// <summary>The channel of a <c>/charge</c>: <c>card</c> (saved authorization) or <c>mobile_money</c> (M-Pesa), with the payer's wallet; or the refusal.</summary>
    public static ResponseMessage? ChargeChannel(JsonNode body, string? payerPhone, out string channel, out string? payer)
    {
        channel = "card";
        payer = null;
        if (SimulatorJson.Text(body, "authorization_code") is { } authorizationCode)
        {
            return IsAuthorizationCode(authorizationCode) ? null : Refuse(400, "Invalid authorization code");
        }

        if (body["mobile_money"] is not JsonObject mobile)
        {
            return Refuse(400, "Please provide an authorization_code or mobile_money details");
        }

        var phone = SimulatorJson.Text(mobile, "phone");
        if (phone is null || !phone.StartsWith("+254", StringComparison.Ordinal) || phone.Length != 13 || SimulatorJson.Text(mobile, "provider") != "mpesa")
        {
            return Refuse(400, "Invalid mobile money details: phone must be +254XXXXXXXXX and provider mpesa");
        }

        channel = "mobile_money";
        payer = payerPhone ?? phone[1..];
        return null;
    }

    /// <summary>Whether <paramref name="code"/> looks like one of Paystack's authorization codes (<c>AUTH_</c> and more).</summary>
    public static bool IsAuthorizationCode(string? code) => code is { Length: > 5 } && code.StartsWith("AUTH_", StringComparison.Ordinal);

    /// <summary>The answer of <c>/transaction/initialize</c>: the checkout is the simulator's own page.</summary>
    public static ResponseMessage Initialized(PaystackEntry entry, Uri baseAddress) => Ok("Authorization URL created", new JsonObject
    {
        ["authorization_url"] = new Uri(baseAddress, PaystackCheckout.Prefix + entry.AccessCode).ToString(),
        ["access_code"] = entry.AccessCode,
        ["reference"] = entry.Reference,
    });
}
