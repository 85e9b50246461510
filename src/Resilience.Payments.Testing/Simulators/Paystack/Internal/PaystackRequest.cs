using System.Text.Json;

namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// Reads the body of a request that opens a transaction no more strictly than Paystack does
/// (https://paystack.com/docs/api/transaction/#initialize, https://paystack.com/docs/api/charge/#create): only <c>email</c> and
/// <c>amount</c> are required; <c>amount</c> is a number or a string of digits in the subunit; <c>currency</c> defaults to the
/// integration's; <c>reference</c> is generated when absent; <c>metadata</c> is a JSON object or stringified JSON; every other field
/// (<c>channels</c>, <c>plan</c>, <c>subaccount</c>, <c>bearer</c>, unknown ones) is accepted and ignored.
/// </summary>
internal static class PaystackRequest
{
    /// <summary>Reads the order, or returns Paystack's refusal.</summary>
    /// <param name="body">The parsed body.</param>
    /// <param name="defaultCurrency">The integration's currency.</param>
    /// <param name="order">The order read.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public static ResponseMessage? Read(JsonNode? body, string defaultCurrency, out PaystackOrder order)
    {
        order = null!;
        if (body is not JsonObject json)
        {
            return PaystackApi.Refuse(400, "Invalid JSON body");
        }

        if (SimulatorJson.Text(json, "email") is not { } email || string.IsNullOrWhiteSpace(email))
        {
            return PaystackApi.Refuse(400, "Email is required");
        }

        if (Amount(json["amount"]) is not { } amount)
        {
            return PaystackApi.Refuse(400, "Invalid amount: send a positive integer in the subunit");
        }

        var currency = defaultCurrency;
        if (json["currency"] is { } sent && sent.GetValueKind() != JsonValueKind.Null)
        {
            if (SimulatorJson.Text(json, "currency") is not { Length: 3 } code || !code.All(char.IsAsciiLetter))
            {
                return PaystackApi.Refuse(400, "Invalid currency");
            }

            currency = code.ToUpperInvariant();
        }

        var reference = SimulatorJson.Text(json, "reference");
        order = new PaystackOrder(
            email.Trim(),
            amount,
            currency,
            string.IsNullOrWhiteSpace(reference) ? null : reference,
            json["metadata"] is { } metadata && metadata.GetValueKind() != JsonValueKind.Null ? metadata.ToJsonString() : null,
            SimulatorJson.Text(json, "callback_url") is { Length: > 0 } callback ? callback : null);
        return null;
    }

    /// <summary>The amount in the subunit: a whole positive JSON number, or a string of one (<c>20000</c>, <c>"20000"</c>, <c>20000.0</c>).</summary>
    /// <param name="node">The <c>amount</c> field.</param>
    /// <returns>The amount, or <see langword="null"/> when absent or not a whole positive number.</returns>
    public static long? Amount(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        decimal number;
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number when value.TryGetValue<decimal>(out var parsed):
                number = parsed;
                break;
            case JsonValueKind.String when decimal.TryParse(value.GetValue<string>().Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                break;
            default:
                return null;
        }

        return number > 0 && number == decimal.Truncate(number) && number <= long.MaxValue ? (long)number : null;
    }
}
