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

    /// <summary>
    /// Parses a request body as Paystack does: JSON, or an HTML form (<c>application/x-www-form-urlencoded</c>, as the PHP examples of
    /// Paystack's API reference send it with <c>http_build_query</c>), whose <c>a[b]=c</c> fields become objects and <c>a[]=c</c> arrays.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="body">The body.</param>
    /// <returns>Whether it could be read.</returns>
    public static bool TryParseBody(IRequestMessage request, out JsonNode? body)
    {
        if (SimulatorJson.Header(request, "Content-Type") is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            body = Form(request.Body ?? string.Empty);
            return true;
        }

        return SimulatorJson.TryParse(request, out body);
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

    private static JsonObject Form(string text)
    {
        var form = new JsonObject();
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? string.Empty : pair[(equals + 1)..]);
            var open = key.IndexOf('[', StringComparison.Ordinal);
            if (open <= 0 || !key.EndsWith(']'))
            {
                form[key] = value;
                continue;
            }

            var name = key[..open];
            var inner = key[(open + 1)..^1];
            if (inner.Length == 0 || inner.All(char.IsAsciiDigit))
            {
                if (form[name] is not JsonArray array)
                {
                    form[name] = array = [];
                }

                array.Add(value);
            }
            else
            {
                if (form[name] is not JsonObject nested)
                {
                    form[name] = nested = [];
                }

                nested[inner] = value;
            }
        }

        return form;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
