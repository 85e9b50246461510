namespace Resilience.Payments;

/// <summary>
/// Where a refund stands. The numbers are stored: they never change (docs/compatibility.md). Like a payment's attempt, a
/// refund whose request may have reached the provider is never sent again: it is settled by the provider's answer, its
/// callback, or a status query.
/// </summary>
public enum RefundStatus
{
    /// <summary>Sent, or about to be sent, and no answer recorded yet: in flight, or cut short by a crash (then settled by a status query).</summary>
    Processing = 0,

    /// <summary>The provider accepted the refund; its final answer comes by callback or status query (asynchronous providers).</summary>
    Pending = 1,

    /// <summary>The request may have reached the provider and no answer came. Settled by the reconciler's status queries, never re-sent.</summary>
    Unknown = 2,

    /// <summary>Final: the money went back to the payer.</summary>
    Succeeded = 3,

    /// <summary>Final: the provider said no (see <see cref="PaymentRefund.Code"/> and <see cref="PaymentRefund.Message"/>).</summary>
    Rejected = 4,

    /// <summary>Final: provably never processed (never sent, or refused before processing). A new refund key may try again.</summary>
    Failed = 5,

    /// <summary>An automatic reversal of an extra charge waiting to be sent (the provider could not take it yet).</summary>
    Queued = 6,
}
