namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>Which index rows a write statement writes beside the payment's row (see <see cref="PaymentRows.IndexRowsOf"/>).</summary>
internal enum IndexRows
{
    /// <summary>None: no attempt holds a provider reference and the record holds no refund.</summary>
    None = 0,

    /// <summary>The attempts' rows (<c>payment_attempts</c>).</summary>
    Attempts = 1,

    /// <summary>The attempts' rows and the refunds' rows (<c>payment_refunds</c>), after checking no refund key is another payment's.</summary>
    AttemptsAndRefunds = 2,
}
