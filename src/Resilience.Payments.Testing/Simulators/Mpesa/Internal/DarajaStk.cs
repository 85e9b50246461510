namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>One STK push the simulator accepted: its own ledger row, per CheckoutRequestID.</summary>
internal sealed class DarajaStk
{
    public required string CheckoutRequestId { get; init; }

    public required string MerchantRequestId { get; init; }

    public required string PhoneNumber { get; init; }

    public required decimal Amount { get; init; }

    public decimal? PaidAmount { get; set; }

    public required string AccountReference { get; init; }

    public required Uri CallbackUrl { get; init; }

    public bool ForceApprove { get; init; }

    public string? ResultCode { get; set; }

    public string? ResultDesc { get; set; }

    public string? Receipt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public static DarajaStk FromJournal(JsonObject record) => new()
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

    public JsonObject ToJournal() => new()
    {
        ["id"] = CheckoutRequestId,
        ["merchantRequestId"] = MerchantRequestId,
        ["phone"] = PhoneNumber,
        ["amount"] = Amount,
        ["paidAmount"] = PaidAmount,
        ["accountReference"] = AccountReference,
        ["callbackUrl"] = CallbackUrl.AbsoluteUri,
        ["forceApprove"] = ForceApprove,
        ["resultCode"] = ResultCode,
        ["resultDesc"] = ResultDesc,
        ["receipt"] = Receipt,
        ["completedAt"] = CompletedAt,
    };

    /// <summary>The money moved by an approved push.</summary>
    public SimulatedCharge ToCharge(string provider, DateTimeOffset chargedAt) =>
        new(provider, AccountReference, CheckoutRequestId, PaidAmount ?? Amount, "KES", chargedAt)
        {
            PhoneNumber = Payments.PhoneNumber.Mask(PhoneNumber),
            Receipt = Receipt,
        };

    /// <summary>The stkCallback body Daraja posts to the CallBackURL.</summary>
    public string CallbackBody(DateTimeOffset now)
    {
        var callback = new JsonObject
        {
            ["MerchantRequestID"] = MerchantRequestId,
            ["CheckoutRequestID"] = CheckoutRequestId,
            [nameof(ResultCode)] = int.TryParse(ResultCode, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
                ? JsonValue.Create(numeric)
                : JsonValue.Create(ResultCode), // a number, except codes such as SFC_IC0003 that Daraja sends as strings
            [nameof(ResultDesc)] = ResultDesc,
        };
        if (ResultCode == "0")
        {
            var nairobi = now.ToOffset(TimeSpan.FromHours(3));
            callback["CallbackMetadata"] = new JsonObject
            {
                ["Item"] = new JsonArray(
                    new JsonObject { ["Name"] = "Amount", ["Value"] = PaidAmount ?? Amount },
                    new JsonObject { ["Name"] = "MpesaReceiptNumber", ["Value"] = Receipt },
                    new JsonObject { ["Name"] = "Balance" },
                    new JsonObject { ["Name"] = "TransactionDate", ["Value"] = long.Parse(nairobi.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) },
                    new JsonObject { ["Name"] = "PhoneNumber", ["Value"] = long.Parse(PhoneNumber, CultureInfo.InvariantCulture) }),
            };
        }

        return new JsonObject { ["Body"] = new JsonObject { ["stkCallback"] = callback } }.ToJsonString();
    }
}
