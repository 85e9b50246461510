namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>Paystack's wire format as the simulator speaks it: refusals, request checks, answers.</summary>
internal static class PaystackApi
{
    public const string VerifyPrefix = "/transaction/verify/";

    /// <summary>The answers to the request faults: 429 and 503 refusals.</summary>
    public static readonly SimulatorAnswers Answers = new(
        () => Refuse(429, "Too many requests"),
        () => Refuse(503, "Service unavailable"),
        () => Refuse(503, "Service unavailable"));

    /// <summary>Paystack's refusal body (<c>status: false</c> and a message).</summary>
    public static ResponseMessage Refuse(int status, string message) => SimulatorJson.Respond(status, new JsonObject { ["status"] = false, ["message"] = message });

    /// <summary>A successful answer with <paramref name="data"/>.</summary>
    public static ResponseMessage Ok(string message, JsonObject data) => SimulatorJson.Respond(200, new JsonObject { ["status"] = true, ["message"] = message, ["data"] = data });

    /// <summary>The answer of <c>GET /transaction/verify/{reference}</c>: a charge waiting for the payer (<c>pay_offline</c>) shows as <c>pending</c>.</summary>
    public static ResponseMessage Verified(JsonObject data)
    {
        if ((string?)data["status"] == "pay_offline")
        {
            data["status"] = "pending";
        }

        return Ok("Verification successful", data);
    }

    /// <summary>The checks of <c>/charge</c> and <c>/transaction/initialize</c>: email, amount, currency, reference.</summary>
    public static ResponseMessage? Validate(JsonNode? body)
    {
        if (body is not JsonObject)
        {
            return Refuse(400, "Invalid JSON body");
        }

        if (string.IsNullOrWhiteSpace(SimulatorJson.Text(body, "email")))
        {
            return Refuse(400, "Email is required");
        }

        if (!long.TryParse(SimulatorJson.Text(body, "amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return Refuse(400, "Invalid amount: send a positive integer in the subunit");
        }

        if (SimulatorJson.Text(body, "currency") is not { Length: 3 })
        {
            return Refuse(400, "Currency is required");
        }

        return string.IsNullOrWhiteSpace(SimulatorJson.Text(body, "reference")) ? Refuse(400, "Reference is required") : null;
    }

    /// <summary>The channel of a <c>/charge</c>: <c>card</c> (saved authorization) or <c>mobile_money</c> (M-Pesa), with the payer's wallet; or the refusal.</summary>
    public static ResponseMessage? ChargeChannel(JsonNode body, string? payerPhone, out string channel, out string? payer)
    {
        channel = "card";
        payer = null;
        if (SimulatorJson.Text(body, "authorization_code") is { } authorizationCode)
        {
            return authorizationCode.StartsWith("AUTH_", System.StringComparison.Ordinal) ? null : Refuse(400, "Invalid authorization code");
        }

        if (body["mobile_money"] is not JsonObject mobile)
        {
            return Refuse(400, "Please provide an authorization_code or mobile_money details");
        }

        var phone = SimulatorJson.Text(mobile, "phone");
        if (phone is null || !phone.StartsWith("+254", System.StringComparison.Ordinal) || phone.Length != 13 || SimulatorJson.Text(mobile, "provider") != "mpesa")
        {
            return Refuse(400, "Invalid mobile money details: phone must be +254XXXXXXXXX and provider mpesa");
        }

        channel = "mobile_money";
        payer = payerPhone ?? phone[1..];
        return null;
    }

    /// <summary>The answer of <c>/transaction/initialize</c>.</summary>
    public static ResponseMessage Initialized(PaystackEntry entry)
    {
        var accessCode = string.Create(CultureInfo.InvariantCulture, $"ac_{entry.Id}");
        return Ok("Authorization URL created", new JsonObject
        {
            ["authorization_url"] = $"https://checkout.paystack.com/{accessCode}",
            ["access_code"] = accessCode,
            ["reference"] = entry.Reference,
        });
    }
}
