using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// <see cref="DuplicateChargePolicy.Reverse"/>: an extra charge is written together with a queued refund of it, under a refund key
/// derived from the payment and the attempt (<c>{key}:reverse:{n}</c>), in the same compare-and-swap write; the reconciler then sends
/// it once. A crash between the two is impossible (one write), and a restart finds the refund by its key: never reversed twice.
/// </summary>
internal sealed class ExtraChargeReversals(ProviderRegistry providers, RefundWriter writer, PaymentGatewayOptions options, ILogger logger)
{
    /// <summary>The reason recorded on an automatic reversal.</summary>
    public const string Reason = "automatic reversal of an extra charge (a late success after failover)";

    /// <summary>Adds the queued reversal of attempt <paramref name="number"/>'s extra charge to <paramref name="record"/>, when the policy and the provider allow it.</summary>
    public PaymentRecord Plan(PaymentRecord record, int number, DateTimeOffset now)
    {
        if (options.Refunds.DuplicateCharges != DuplicateChargePolicy.Reverse || WhyNot(record, number, out var charge) is not null)
        {
            return record;
        }

        var refund = new PaymentRefund
        {
            Key = RefundReference.ReversalKey(record.Key, number),
            Reference = RefundReference.Create(),
            AttemptNumber = number,
            Provider = charge!.Provider,
            Amount = charge.Amount,
            Reason = Reason,
            Automatic = true,
            Status = RefundStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = now,
        };
        return RefundTransitions.WithRefund(record, refund, now);
    }

    /// <summary>After the write: raises the queued reversal, or logs why the extra charge is left to a person.</summary>
    public ValueTask AfterWriteAsync(PaymentRecord stored, int number)
    {
        if (options.Refunds.DuplicateCharges != DuplicateChargePolicy.Reverse)
        {
            return default;
        }

        if (stored.FindRefund(RefundReference.ReversalKey(stored.Key, number)) is { Status: RefundStatus.Queued } queued)
        {
            return writer.OnChangedAsync(stored, queued, previous: null);
        }

        if (WhyNot(stored, number, out var charge) is { } why && charge is not null)
        {
            Log.ReversalNotPossible(logger, stored.Key, number, charge.Provider, why);
        }

        return default;
    }

    private string? WhyNot(PaymentRecord record, int number, out ExtraCharge? charge)
    {
        charge = null;
        foreach (var extra in record.ExtraCharges)
        {
            if (extra.AttemptNumber == number)
            {
                charge = extra;
            }
        }

        if (charge is null || record.FindRefund(RefundReference.ReversalKey(record.Key, number)) is not null)
        {
            return "already planned";
        }

        if (providers.Find(charge.Provider)?.Refunds is not { } refunds)
        {
            return "the provider cannot refund as configured";
        }

        return refunds.RefundCapabilities.WhyCannotRefund(record.Attempts[number - 1].Instrument, charge.Amount, charge.Amount, RefundLedger.Holding(record, number));
    }
}
