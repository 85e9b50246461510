using System;
using System.Collections.Generic;

namespace Resilience.Payments.Callbacks;

/// <summary>A provider's callback request as received: the raw body (signatures are computed over its exact bytes), headers and query.</summary>
public sealed class PaymentCallback
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyDictionary<string, string> _headers = Empty;
    private readonly IReadOnlyDictionary<string, string> _query = Empty;

    /// <summary>Gets the HTTP method (<c>POST</c>, or <c>GET</c> for Pesapal GET IPNs). Default <c>POST</c>.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Gets the raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the request headers (look-ups ignore case). Multiple values are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get => _headers; init => _headers = IgnoringCase(value); }

    /// <summary>Gets the query string's parameters (look-ups ignore case).</summary>
    public IReadOnlyDictionary<string, string> Query { get => _query; init => _query = IgnoringCase(value); }

    // Whoever builds the callback (ASP.NET Core, Azure Functions, a test), look-ups ignore case (a header sent as
    // "x-paystack-signature" is still found), and the callback keeps what it was given: the entries are copied.
    private static IReadOnlyDictionary<string, string> IgnoringCase(IReadOnlyDictionary<string, string>? value) =>
        value is null or { Count: 0 } ? Empty : CopyIgnoringCase(value);

    private static Dictionary<string, string> CopyIgnoringCase(IReadOnlyDictionary<string, string> value)
    {
        var copy = new Dictionary<string, string>(value.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, text) in value)
        {
            // Two names differing only in case: keep both values, as HTTP joins repeated headers.
            copy[name] = copy.TryGetValue(name, out var earlier) ? earlier + "," + text : text;
        }

        return copy;
    }
}
