using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments;

/// <summary>A payment as it stands: the answer of <see cref="IPaymentGateway.PayAsync"/> and <see cref="IPaymentGateway.GetAsync"/>.</summary>
public sealed class PaymentResult
{
    internal PaymentResult(PaymentRecord record)
    {
        IdempotencyKey = record.Key;
        Status = record.Status;
        Amount = record.Request.Amount;
        AccountReference = record.Request.AccountReference;
        Attempts = record.Attempts;
        CreatedAt = record.CreatedAt;
        UpdatedAt = record.UpdatedAt;
        NextAttemptAt = record.Status is PaymentStatus.Queued ? record.DueAt : null;
        FailureReason = record.FailureReason;

        var deciding = record.DecidingAttempt;
        if (deciding is not null && Status is not (PaymentStatus.Queued or PaymentStatus.Failed or PaymentStatus.Expired))
        {
            Provider = deciding.Provider;
            Instrument = deciding.Instrument;
            ProviderReference = deciding.ProviderReference;
            Receipt = deciding.Receipt;
            Action = Status == PaymentStatus.ActionRequired ? deciding.Action : null;
            if (Status == PaymentStatus.Declined)
            {
                DeclineCode = deciding.Code;
                DeclineReason = deciding.Reason;
            }
        }
    }

    /// <summary>Gets the payment's idempotency key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets where the payment stands.</summary>
    public PaymentStatus Status { get; }

    /// <summary>Gets a value indicating whether <see cref="Status"/> is final.</summary>
    public bool IsFinal => Status.IsFinal();

    /// <summary>Gets the amount.</summary>
    public Money Amount { get; }

    /// <summary>Gets the account reference.</summary>
    public string? AccountReference { get; }

    /// <summary>Gets the provider that took (or is taking) the payment.</summary>
    public string? Provider { get; }

    /// <summary>Gets the instrument charged.</summary>
    public PaymentInstrument? Instrument { get; }

    /// <summary>Gets the provider's reference for the transaction.</summary>
    public string? ProviderReference { get; }

    /// <summary>Gets the provider's receipt, once succeeded (for example an M-Pesa receipt number).</summary>
    public string? Receipt { get; }

    /// <summary>Gets what the payer must do, when <see cref="Status"/> is <see cref="PaymentStatus.ActionRequired"/>.</summary>
    public PaymentAction? Action { get; }

    /// <summary>Gets the provider's decline code, when declined (for example M-Pesa <c>1032</c>, cancelled by the user).</summary>
    public string? DeclineCode { get; }

    /// <summary>Gets the decline reason in words.</summary>
    public string? DeclineReason { get; }

    /// <summary>Gets why the payment failed, expired or is queued: the reasons of every candidate and attempt.</summary>
    public string? FailureReason { get; }

    /// <summary>Gets when a queued payment will next be tried.</summary>
    public DateTimeOffset? NextAttemptAt { get; }

    /// <summary>Gets every attempt, oldest first.</summary>
    public IReadOnlyList<PaymentAttempt> Attempts { get; }

    /// <summary>Gets when the payment was first accepted.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets when the payment last changed.</summary>
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>Gets the number of provider failovers: attempts after the first.</summary>
    public int Failovers => Math.Max(0, Attempts.Count(a => a.Outcome is not null) - 1);
}
