namespace Resilience.Payments;

/// <summary>Where a payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>An attempt is being made right now (a call to <see cref="IPaymentGateway.PayAsync"/> or a worker holds it). Ask again shortly.</summary>
    Processing = 0,

    /// <summary>A provider accepted the payment, or its outcome is not known yet; the final answer comes by callback or status query.</summary>
    Pending = 1,

    /// <summary>The payer must act (open a checkout page, enter an OTP); see <see cref="PaymentResult.Action"/>.</summary>
    ActionRequired = 2,

    /// <summary>Money moved. Final.</summary>
    Succeeded = 3,

    /// <summary>The payer or their account said no (insufficient funds, cancelled, wrong PIN). Final; no automatic failover.</summary>
    Declined = 4,

    /// <summary>No provider could take the payment now; it waits in the durable queue and is retried automatically.</summary>
    Queued = 5,

    /// <summary>No provider could take the payment and it may not (or may no longer) be queued. Final; nobody was charged.</summary>
    Failed = 6,

    /// <summary>The payment reached its expiry before any provider could take it. Final; nobody was charged.</summary>
    Expired = 7,

    /// <summary>An operator cancelled the payment while it waited in the queue. Final; nobody was charged.</summary>
    Cancelled = 8,
}
