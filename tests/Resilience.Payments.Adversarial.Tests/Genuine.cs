using System.Globalization;
using System.Text.Json.Nodes;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>Genuine callback bodies in each provider's documented shape, for a payment made through a <see cref="CallbackHost"/>.</summary>
internal static class Genuine
{
    public static string DarajaCallback(string checkoutRequestId, int resultCode = 0, string receipt = "NLJ7RT61SV", decimal amount = 150m, string phone = "254712345678") => resultCode == 0
        ? new JsonObject
        {
            ["Body"] = new JsonObject
            {
                ["stkCallback"] = new JsonObject
                {
                    ["MerchantRequestID"] = "29115-34620561-1",
                    ["CheckoutRequestID"] = checkoutRequestId,
                    ["ResultCode"] = 0,
                    ["ResultDesc"] = "The service request is processed successfully.",
                    ["CallbackMetadata"] = new JsonObject
                    {
                        ["Item"] = new JsonArray(
                            new JsonObject { ["Name"] = "Amount", ["Value"] = amount },
                            new JsonObject { ["Name"] = "MpesaReceiptNumber", ["Value"] = receipt },
                            new JsonObject { ["Name"] = "Balance" },
                            new JsonObject { ["Name"] = "TransactionDate", ["Value"] = 20260724061500 },
                            new JsonObject { ["Name"] = "PhoneNumber", ["Value"] = long.Parse(phone, CultureInfo.InvariantCulture) }),
                    },
                },
            },
        }.ToJsonString()
        : new JsonObject
        {
            ["Body"] = new JsonObject
            {
                ["stkCallback"] = new JsonObject
                {
                    ["MerchantRequestID"] = "29115-34620561-1",
                    ["CheckoutRequestID"] = checkoutRequestId,
                    ["ResultCode"] = resultCode,
                    ["ResultDesc"] = "Request cancelled by user",
                },
            },
        }.ToJsonString();

    public static string AirtelCallback(string id, string status = "TS", string message = "Paid KES 150", string? airtelMoneyId = "MP260724.0615.A1B2C3") => new JsonObject
    {
        ["transaction"] = new JsonObject
        {
            ["id"] = id,
            ["message"] = message,
            ["status_code"] = status,
            ["airtel_money_id"] = airtelMoneyId,
        },
    }.ToJsonString();

    public static string PaystackChargeSuccess(string reference, long amountMinor = 15000, string currency = "KES") => new JsonObject
    {
        ["event"] = "charge.success",
        ["data"] = new JsonObject
        {
            ["id"] = 4000000099,
            ["reference"] = reference,
            ["status"] = "success",
            ["amount"] = amountMinor,
            ["currency"] = currency,
            ["channel"] = "mobile_money",
            ["gateway_response"] = "Approved",
        },
    }.ToJsonString();

    public static string PesapalIpn(string trackingId, string merchantReference) => new JsonObject
    {
        ["OrderNotificationType"] = "IPNCHANGE",
        ["OrderTrackingId"] = trackingId,
        ["OrderMerchantReference"] = merchantReference,
    }.ToJsonString();
}
