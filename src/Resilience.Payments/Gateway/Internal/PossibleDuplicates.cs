using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// When a payment succeeds, looks for other succeeded payments (other idempotency keys) with the same account reference and amount
/// created within <see cref="RefundOptions.PossibleDuplicateWindow"/> of it, and raises <see cref="PossibleDuplicatePaymentEvent"/>.
/// Nothing is refunded: a second parking session and a duplicate look alike. A failure of the check never affects the payment.
/// </summary>
internal sealed class PossibleDuplicates(IPaymentStore store, PaymentGatewayOptions options, TimeProvider time, ILogger logger, PaymentsTelemetry telemetry, EventDispatcher events)
{
    private const int MaxCompared = 50;

    public async ValueTask CheckAsync(PaymentRecord record)
    {
        var window = options.Refunds.PossibleDuplicateWindow;
        if (window <= TimeSpan.Zero || record.Request.AccountReference is not { Length: > 0 } account || store is not IRefundStore refunds)
        {
            return;
        }

        try
        {
            var candidates = await refunds.ListByAccountReferenceAsync(account, record.CreatedAt - window, MaxCompared, CancellationToken.None).ConfigureAwait(false);
            if (candidates.Count == 0 || (candidates.Count == 1 && string.Equals(candidates[0].Key, record.Key, StringComparison.Ordinal)))
            {
                return; // the usual case: one bill, one payment
            }

            var others = candidates
                .Where(other => !string.Equals(other.Key, record.Key, StringComparison.Ordinal)
                    && other.Status == PaymentStatus.Succeeded
                    && other.Request.Amount == record.Request.Amount
                    && (other.CreatedAt - record.CreatedAt).Duration() <= window)
                .ToList();
            if (others.Count == 0)
            {
                return;
            }

            telemetry.PossibleDuplicate();
            Log.PossibleDuplicate(logger, record.Key, others.Count, string.Join(", ", others.Select(o => o.Key)));
            if (events.HasHandlers)
            {
                await events.PublishAsync(new PossibleDuplicatePaymentEvent
                {
                    OccurredAt = time.GetUtcNow(),
                    Payment = new PaymentResult(record),
                    Others = others.Select(o => new PaymentResult(o)).ToList(),
                }).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a failed check is logged; the payment has succeeded and must not be disturbed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DuplicateCheckFailed(logger, record.Key, ex.GetType().Name);
        }
    }
}
