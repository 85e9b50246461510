using System;
using System.Collections.Generic;
using System.Text.Json;
using Resilience.Payments.Json;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Parses the <c>{"Result":{...}}</c> body Daraja posts to a ResultURL (a reversal's result, a Transaction Status result) into a
/// <see cref="DarajaResult"/>. Never throws on malformed input. Numbers and strings are read alike (<c>"ResultCode":0</c> and
/// <c>"ResultCode":"R000002"</c>); <c>ResultParameters.ResultParameter</c> may be an array or a single object, items may lack
/// <c>Value</c>. The body is unsigned: the adapter trusts it only when the ResultURL's token verifies.
/// Source of the shapes: https://developer.safaricom.co.ke/apis/Reversal and https://developer.safaricom.co.ke/apis/TransactionStatus.
/// </summary>
internal static class DarajaResultParser
{
    private const int MaxParameters = 64;

    /// <summary>Parses a ResultURL body.</summary>
    /// <param name="body">The body (UTF-8 JSON).</param>
    /// <param name="result">The result, when the body holds a <c>Result</c> object with a ResultCode.</param>
    /// <param name="error">Why the body was rejected.</param>
    /// <returns><see langword="true"/> when parsed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, out DarajaResult? result, out string? error)
    {
        result = null;
        using var document = ProviderJson.TryParse(body, lenient: true, maxDepth: 16); // the shared reader: never throws, any bytes
        if (document is null)
        {
            error = "The body is not JSON (or not UTF-8).";
            return false;
        }

        try
        {
            return TryRead(document.RootElement, out result, out error);
        }
        catch (InvalidOperationException)
        {
            result = null;
            error = "The body holds text that is not valid Unicode.";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, out DarajaResult? result, out string? error)
    {
        result = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Result", out var node) || node.ValueKind != JsonValueKind.Object)
        {
            error = "The body has no Result object.";
            return false;
        }

        var code = ProviderJson.Code(node, "ResultCode");
        if (string.IsNullOrWhiteSpace(code))
        {
            error = "The Result has no ResultCode.";
            return false;
        }

        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (node.TryGetProperty("ResultParameters", out var holder) && holder.ValueKind == JsonValueKind.Object
            && holder.TryGetProperty("ResultParameter", out var list))
        {
            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (parameters.Count >= MaxParameters)
                    {
                        break;
                    }

                    Add(parameters, item);
                }
            }
            else
            {
                Add(parameters, list);
            }
        }

        result = new DarajaResult(
            ProviderJson.Code(node, "ResultType"),
            code.Trim(),
            ProviderJson.Text(node, "ResultDesc"),
            ProviderJson.Text(node, "OriginatorConversationID"),
            ProviderJson.Text(node, "ConversationID"),
            ProviderJson.Text(node, "TransactionID"),
            parameters);
        error = null;
        return true;
    }

    private static void Add(Dictionary<string, string?> parameters, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || ProviderJson.Text(item, "Key") is not { Length: > 0 } key)
        {
            return;
        }

        parameters.TryAdd(key, item.TryGetProperty("Value", out var value) ? ProviderJson.Text(value) : null);
    }
}
