using System;
using System.Globalization;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Decides whether a refund may be made of a payment as it stands, and of how much: the rules that hold before anything is stored or
/// sent (the payment captured money, the amount is within what is left, the provider can refund this way). Pure but for the registry.
/// </summary>
internal static class RefundPlanner
{
    /// <summary>Returns the refund to reserve, in <see cref="RefundStatus.Processing"/>; throws when it may not be made.</summary>
    /// <exception cref="RefundRefusedException">The payment captured nothing, the amount exceeds what is left, or the provider cannot refund so.</exception>
    /// <exception cref="PaymentValidationException">The amount's currency is not the payment's.</exception>
    public static PaymentRefund Plan(PaymentRecord record, RefundRequest request, ProviderRegistry providers, DateTimeOffset now)
    {
        var (attempt, amount, provider) = Check(record, request, providers);
        var inFlightFor = InFlightWindow(provider);
        return New(request, attempt, amount, now) with
        {
            Status = RefundStatus.Processing,
            SentAt = now,
            LastInFlightAt = now + inFlightFor,
            DueAt = now + inFlightFor, // if this instance dies before recording the answer, the reconciler asks after this
        };
    }

    /// <summary>
    /// Returns the refund to reserve for the reconciler to send, in <see cref="RefundStatus.Queued"/> and due now (an operator's refund,
    /// which may be made where no provider is configured: the provider's own refund rules are checked only when <paramref name="providers"/> is given).
    /// </summary>
    /// <exception cref="RefundRefusedException">The payment captured nothing, the amount exceeds what is left, or the provider cannot refund so.</exception>
    /// <exception cref="PaymentValidationException">The amount's currency is not the payment's.</exception>
    public static PaymentRefund PlanQueued(PaymentRecord record, RefundRequest request, ProviderRegistry? providers, DateTimeOffset now)
    {
        var (attempt, amount, _) = Check(record, request, providers);
        return New(request, attempt, amount, now);
    }

    /// <summary>A new refund of <paramref name="attempt"/>, queued and due now.</summary>
    private static PaymentRefund New(RefundRequest request, PaymentAttempt attempt, Money amount, DateTimeOffset now) => new()
    {
        Key = request.RefundKey,
        Reference = RefundReference.Create(),
        AttemptNumber = attempt.Number,
        Provider = attempt.Provider,
        Amount = amount,
        Reason = request.Reason,
        Status = RefundStatus.Queued,
        CreatedAt = now,
        UpdatedAt = now,
        DueAt = now,
    };

    private static (PaymentAttempt Attempt, Money Amount, ProviderEntry? Provider) Check(PaymentRecord record, RefundRequest request, ProviderRegistry? providers)
    {
        var (attempt, captured) = Charge(record, request.AttemptNumber);
        var provider = providers?.Find(attempt.Provider);
        var refunds = provider?.Refunds;
        if (providers is not null && refunds is null)
        {
            throw new RefundRefusedException(
                RefundRefusal.ProviderCannotRefund,
                nameof(RefundRequest.PaymentKey),
                $"payment '{record.Key}' was charged through '{attempt.Provider}', which {(provider is null ? "is not registered" : "cannot refund as configured")}; give the money back through the provider's portal.");
        }

        var left = RefundLedger.Refundable(record, attempt.Number);
        var amount = request.Amount ?? left;
        if (!string.Equals(amount.Currency, captured.Currency, StringComparison.Ordinal))
        {
            throw PaymentValidationException.For(nameof(RefundRequest.Amount), $"The refund is in {amount.Currency}; the payment was in {captured.Currency}.");
        }

        if (amount.Amount <= 0m || amount.Amount > left.Amount)
        {
            throw new RefundRefusedException(
                RefundRefusal.ExceedsRefundable,
                nameof(RefundRequest.Amount),
                left.Amount == 0m
                    ? $"nothing is left to refund of payment '{record.Key}' (captured {captured}, all of it refunded, in flight or pending)."
                    : string.Create(CultureInfo.InvariantCulture, $"{amount} is more than the {left} left to refund of payment '{record.Key}' (captured {captured}; refunded, in flight or pending {captured.Amount - left.Amount})."));
        }

        if (refunds?.RefundCapabilities.WhyCannotRefund(attempt.Instrument, amount, captured, RefundLedger.Holding(record, attempt.Number)) is { } why)
        {
            throw new RefundRefusedException(RefundRefusal.NotSupportedByProvider, nameof(RefundRequest.Amount), $"'{attempt.Provider}' {why}.");
        }

        return (attempt, amount, provider);
    }

    /// <summary>
    /// How long a refund handed to <paramref name="provider"/> may still be in flight: its attempt timeout and a margin. A refund
    /// still Processing after it was cut short (a crash) and is asked about, never sent again.
    /// </summary>
    public static TimeSpan InFlightWindow(ProviderEntry? provider) => (provider?.AttemptTimeout ?? TimeSpan.FromSeconds(30)) + TimeSpan.FromSeconds(10);

    /// <summary>Returns whether <paramref name="request"/> asks again for <paramref name="existing"/> (same payment, charge, amount when given, reason).</summary>
    public static bool IsSameRequest(PaymentRecord record, PaymentRefund existing, RefundRequest request) =>
        string.Equals(record.Key, request.PaymentKey, StringComparison.Ordinal)
        && (request.AttemptNumber is null ? !existing.Automatic && existing.AttemptNumber == (record.DecidingAttempt?.Number ?? 0) : existing.AttemptNumber == request.AttemptNumber)
        && (request.Amount is null || request.Amount.Value == existing.Amount)
        && string.Equals(request.Reason, existing.Reason, StringComparison.Ordinal);

    private static (PaymentAttempt Attempt, Money Captured) Charge(PaymentRecord record, int? attemptNumber)
    {
        var number = attemptNumber ?? (record.Status == PaymentStatus.Succeeded ? record.DecidingAttempt?.Number : null);
        if (number is { } n && n <= record.Attempts.Count && RefundLedger.Captured(record, n) is { } captured)
        {
            return (record.Attempts[n - 1], captured);
        }

        throw attemptNumber is null
            ? new RefundRefusedException(
                RefundRefusal.NotCaptured,
                nameof(RefundRequest.PaymentKey),
                $"payment '{record.Key}' is {record.Status}; only a succeeded payment (or a recorded extra charge) can be refunded.")
            : new RefundRefusedException(
                RefundRefusal.NotCaptured,
                nameof(RefundRequest.AttemptNumber),
                string.Create(CultureInfo.InvariantCulture, $"attempt {attemptNumber} of payment '{record.Key}' captured nothing to refund: it is neither the payment's success nor a recorded extra charge."));
    }
}
