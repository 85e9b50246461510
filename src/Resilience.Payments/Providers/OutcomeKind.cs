namespace Resilience.Payments;

/// <summary>
/// The outcome classes every provider answer is mapped to. They decide what the gateway may do next;
/// each adapter owns the mapping from its provider's codes to these classes.
/// </summary>
public enum OutcomeKind
{
    /// <summary>Money moved; the receipt is known.</summary>
    Succeeded = 0,

    /// <summary>Accepted; the final answer comes by callback or status query (for example an STK push sent).</summary>
    Pending = 1,

    /// <summary>The payer must act (redirect, OTP).</summary>
    ActionRequired = 2,

    /// <summary>A final business answer: insufficient funds, cancelled by the payer, wrong PIN, limit. No failover.</summary>
    Declined = 3,

    /// <summary>Provably never charged (connection refused, validation error, 503 before acceptance, rate limit): the next candidate may be tried.</summary>
    NotProcessed = 4,

    /// <summary>The request may have reached the provider and no answer came (timeout, 5xx after send). Never failed over before a status query says not processed.</summary>
    Unknown = 5,
}
