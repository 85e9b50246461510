using System;
using System.Collections.Generic;

namespace Resilience.Payments.Callbacks;

/// <summary>A provider's callback request as received: the raw body (signatures are computed over its exact bytes), headers and query.</summary>
public sealed class PaymentCallback
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the HTTP method (<c>POST</c>, or <c>GET</c> for Pesapal GET IPNs). Default <c>POST</c>.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Gets the raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the request headers (look-ups ignore case). Multiple values are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;

    /// <summary>Gets the query string's parameters (look-ups ignore case).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = Empty;
}
