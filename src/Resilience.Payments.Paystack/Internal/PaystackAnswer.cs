using System.Collections.Generic;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The parts of a Paystack answer (response or webhook body) the adapter reads; every field optional.</summary>
internal sealed record PaystackAnswer
{
    /// <summary><c>status</c> of the envelope (true/false); for a webhook, null.</summary>
    public bool? Status { get; init; }

    /// <summary><c>message</c> of the envelope.</summary>
    public string? Message { get; init; }

    /// <summary><c>code</c> of an error envelope (for example <c>transaction_not_found</c>), when Paystack sends one.</summary>
    public string? Code { get; init; }

    /// <summary><c>event</c> of a webhook.</summary>
    public string? Event { get; init; }

    /// <summary><c>data</c>, when it was an object.</summary>
    public PaystackData? Data { get; init; }

    /// <summary>The objects of <c>data</c>, when it was an array (a listing such as <c>GET /refund</c>); <see langword="null"/> otherwise.</summary>
    public IReadOnlyList<PaystackData>? Items { get; init; }
}
