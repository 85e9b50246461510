namespace Resilience.Payments;

/// <summary>What an operator did to a payment (an entry of <see cref="PaymentRecord.OperatorNotes"/>). The numbers are stored: they never change.</summary>
public enum OperatorActionKind
{
    /// <summary>Put a failed payment back in the queue.</summary>
    Requeue = 0,

    /// <summary>Cancelled a queued payment.</summary>
    Cancel = 1,

    /// <summary>Made the payment due now, so that the reconciler asks the provider at its next cycle.</summary>
    Reconcile = 2,

    /// <summary>Marked the payment reviewed: the conditions that needed attention until then are dealt with.</summary>
    Review = 3,

    /// <summary>Queued a refund of the payment.</summary>
    Refund = 4,
}
