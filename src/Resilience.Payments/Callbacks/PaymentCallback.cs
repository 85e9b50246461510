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

    // Whoever builds the callback (ASP.NET Core, Azure Functions, a test), look-ups ignore case: a dictionary that does not
    // already compare ignoring case is copied into one that does (a header sent as "x-paystack-signature" is still found).
    private static IReadOnlyDictionary<string, string> IgnoringCase(IReadOnlyDictionary<string, string>? value) => value switch
    {
        null or { Count: 0 } => Empty,
        Dictionary<string, string> { Comparer: var comparer } when ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase) => value,
        _ => CopyIgnoringCase(value),
    };

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
