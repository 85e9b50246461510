using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// A transaction as Paystack's API shows it in the <c>data</c> of verify, <c>/charge</c>, <c>/transaction/charge_authorization</c>,
/// <c>GET /charge/{reference}</c> and the <c>charge.*</c> webhooks, field for field as Paystack's documented sample answers
/// (https://paystack.com/docs/api/transaction/#verify, https://paystack.com/docs/api/transaction/#charge-authorization,
/// https://paystack.com/docs/payments/webhooks/): <c>customer</c>, <c>authorization</c> (a test Visa card, or the M-PESA wallet
/// with <c>mobile_money_number</c>), <c>fees</c> (<see cref="PaystackFees"/>), <c>log</c>, <c>metadata</c> as sent, both
/// <c>paid_at</c>/<c>paidAt</c> and <c>created_at</c>/<c>createdAt</c>.
/// </summary>
internal static class PaystackTransactionJson
{
    /// <summary>Serializes as Paystack's (Node) servers do, <c>JSON.stringify</c>-like: no HTML escaping, non-ASCII as is.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The transaction's JSON.</summary>
    /// <param name="entry">The transaction (read under the simulator's lock).</param>
    /// <param name="domain"><c>test</c> or <c>live</c>, after the secret key.</param>
    /// <returns>The <c>data</c> object.</returns>
    public static JsonObject ToJson(PaystackEntry entry, string domain)
    {
        var paid = entry.PaidAt is { } at ? Iso(at) : null;
        var created = Iso(entry.CreatedAt);
        return new JsonObject
        {
            ["id"] = entry.Id,
            ["domain"] = domain,
            ["status"] = entry.Status,
            ["reference"] = entry.Reference,
            ["receipt_number"] = null,
            ["amount"] = entry.AmountMinor,
            ["message"] = null,
            ["gateway_response"] = entry.GatewayResponse,
            ["paid_at"] = paid,
            ["created_at"] = created,
            ["channel"] = entry.Channel == "checkout" ? "card" : entry.Channel,
            ["currency"] = entry.Currency,
            ["ip_address"] = entry.IpAddress,
            ["metadata"] = entry.Metadata is { } metadata ? JsonNode.Parse(metadata) : string.Empty,
            ["log"] = Log(entry),
            ["fees"] = entry.Status == "success" ? PaystackFees.Of(entry.AmountMinor, entry.Currency, entry.Channel) : null,
            ["fees_split"] = null,
            ["authorization"] = Authorization(entry),
            ["customer"] = Customer(entry),
            ["plan"] = null,
            ["split"] = new JsonObject(),
            ["order_id"] = null,
            ["paidAt"] = paid,
            ["createdAt"] = created,
            ["requested_amount"] = entry.RequestedAmountMinor,
            ["pos_transaction_data"] = null,
            ["source"] = null,
            ["fees_breakdown"] = null,
            ["transaction_date"] = created,
            ["plan_object"] = new JsonObject(),
            ["subaccount"] = new JsonObject(),
        };
    }

    /// <summary>The <c>customer</c> object: Paystack's customer record of the e-mail address.</summary>
    public static JsonObject Customer(PaystackEntry entry) => new()
    {
        ["id"] = entry.CustomerId,
        ["first_name"] = null,
        ["last_name"] = null,
        ["email"] = entry.Email,
        ["customer_code"] = entry.CustomerCode,
        ["phone"] = null,
        ["metadata"] = null,
        ["risk_action"] = "default",
        ["international_format_phone"] = null,
    };

    /// <summary>
    /// The <c>authorization</c> object: empty until a card pays; the test Visa card 408408…4081 of Paystack's samples (country KE)
    /// for a card; for M-PESA the wallet (Paystack masks the card fields of a mobile money authorization) and <c>mobile_money_number</c>.
    /// </summary>
    public static JsonObject Authorization(PaystackEntry entry)
    {
        if (entry.AuthorizationCode is not { } code)
        {
            return [];
        }

        if (entry.Channel == "mobile_money")
        {
            return new JsonObject
            {
                ["authorization_code"] = code,
                ["bin"] = entry.Payer is { Length: > 6 } wallet ? "0" + wallet[3..5] + "XXX" : "XXXXXX",
                ["last4"] = entry.Payer is { Length: > 4 } payer ? "X" + payer[^3..] : "XXXX",
                ["exp_month"] = "12",
                ["exp_year"] = "9999",
                ["channel"] = "mobile_money",
                ["card_type"] = string.Empty,
                ["bank"] = "M-PESA",
                ["country_code"] = "KE",
                ["brand"] = "M-PESA",
                ["reusable"] = false,
                ["signature"] = null,
                ["account_name"] = null,
                ["mobile_money_number"] = entry.Payer,
                ["receiver_bank_account_number"] = null,
                ["receiver_bank"] = null,
            };
        }

        return new JsonObject
        {
            ["authorization_code"] = code,
            ["bin"] = "408408",
            ["last4"] = "4081",
            ["exp_month"] = "12",
            ["exp_year"] = "2030",
            ["channel"] = "card",
            ["card_type"] = "visa ",
            ["bank"] = "TEST BANK",
            ["country_code"] = "KE",
            ["brand"] = "visa",
            ["reusable"] = true,
            ["signature"] = Signature(code),
            ["account_name"] = null,
        };
    }

    /// <summary>The card's signature (the same card has the same one): <c>SIG_</c> and 20 characters derived from the code.</summary>
    public static string Signature(string authorizationCode) =>
        "SIG_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorizationCode)))[..20].ToLowerInvariant();

    /// <summary>The <c>log</c> object (the checkout's or phone's history), <see langword="null"/> when the payer did nothing (as for a saved card).</summary>
    private static JsonObject? Log(PaystackEntry entry)
    {
        if (entry.PayerAction is not { } action)
        {
            return null;
        }

        var label = entry.Channel == "mobile_money" ? "mobile money" : "card";
        var spent = entry.PaidAt is { } paid ? (long)Math.Max(0, (paid - entry.CreatedAt).TotalSeconds) : 0;
        var history = new JsonArray();
        if (action != "cancelled")
        {
            history.Add(new JsonObject { ["type"] = "action", ["message"] = $"Attempted to pay with {label}", ["time"] = 0 });
        }

        history.Add(action switch
        {
            "paid" => new JsonObject { ["type"] = "success", ["message"] = $"Successfully paid with {label}", ["time"] = spent },
            "failed" => new JsonObject { ["type"] = "error", ["message"] = "Error: " + entry.GatewayResponse, ["time"] = spent },
            _ => new JsonObject { ["type"] = "close", ["message"] = "Page closed", ["time"] = spent },
        });
        return new JsonObject
        {
            ["start_time"] = entry.CreatedAt.ToUnixTimeSeconds(),
            ["time_spent"] = spent,
            ["attempts"] = action == "cancelled" ? 0 : 1,
            ["errors"] = action == "failed" ? 1 : 0,
            ["success"] = action == "paid",
            ["mobile"] = false,
            ["input"] = new JsonArray(),
            ["history"] = history,
        };
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
