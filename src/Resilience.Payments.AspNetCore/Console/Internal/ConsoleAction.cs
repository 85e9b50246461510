using System;
using System.Linq;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>The actions an operator may take on one payment, each confirmed and written to the audit trail.</summary>
internal enum ConsoleAction
{
    Requeue,
    Cancel,
    Reconcile,
    Review,
    Refund,
}

/// <summary>Names, words and availability of <see cref="ConsoleAction"/>.</summary>
internal static class ConsoleActions
{
    public static readonly ConsoleAction[] All = [ConsoleAction.Requeue, ConsoleAction.Cancel, ConsoleAction.Reconcile, ConsoleAction.Review, ConsoleAction.Refund];

    /// <summary>The action's name in URLs and forms: <c>requeue</c>, <c>cancel</c>, <c>reconcile</c>, <c>review</c>, <c>refund</c>.</summary>
    public static string Name(this ConsoleAction action) => action switch
    {
        ConsoleAction.Requeue => "requeue",
        ConsoleAction.Cancel => "cancel",
        ConsoleAction.Reconcile => "reconcile",
        ConsoleAction.Review => "review",
        _ => "refund",
    };

    /// <summary>The button's words.</summary>
    public static string Label(this ConsoleAction action) => action switch
    {
        ConsoleAction.Requeue => "Requeue",
        ConsoleAction.Cancel => "Cancel",
        ConsoleAction.Reconcile => "Ask the provider now",
        ConsoleAction.Review => "Mark reviewed",
        _ => "Refund",
    };

    /// <summary>What confirming does, in words.</summary>
    public static string Explanation(this ConsoleAction action) => action switch
    {
        ConsoleAction.Requeue => "Puts this failed payment back in the queue, due now, with its retry count reset. Only a payment that charged nobody can be requeued.",
        ConsoleAction.Cancel => "Cancels this queued payment: it is never tried again.",
        ConsoleAction.Reconcile => "Asks the provider now for the outcome of this payment's open attempt and records the answer.",
        ConsoleAction.Review => "Records that you looked at this payment: it leaves the list of payments needing attention until something new happens.",
        _ => "Gives money back to the payer through the provider that charged. A refund is never sent twice.",
    };

    /// <summary>What the detail page says after the action succeeded.</summary>
    public static string Done(this ConsoleAction action) => action switch
    {
        ConsoleAction.Requeue => "Requeued.",
        ConsoleAction.Cancel => "Cancelled.",
        ConsoleAction.Reconcile => "The provider was asked; its answer is recorded below.",
        ConsoleAction.Review => "Marked reviewed.",
        _ => "Refund requested; its status is shown below.",
    };

    /// <summary>Whether the action applies to <paramref name="payment"/> as it stands (the operations API checks again).</summary>
    public static bool AppliesTo(this ConsoleAction action, PaymentResult payment) => action switch
    {
        ConsoleAction.Requeue => payment.Status == PaymentStatus.Failed,
        ConsoleAction.Cancel => payment.Status == PaymentStatus.Queued,
        ConsoleAction.Reconcile => (!payment.IsFinal && payment.Status != PaymentStatus.Queued && payment.Attempts.Count > 0)
            || (payment.Status == PaymentStatus.Succeeded && payment.Refunds.Any(r => !r.Status.IsFinal())),
        ConsoleAction.Review => true,
        _ => payment.Status == PaymentStatus.Succeeded && payment.RefundableAmount.Amount > 0,
    };

    public static bool TryParse(string? name, out ConsoleAction action)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
