using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments;

/// <summary>A payment as it stands: the answer of <see cref="IPaymentGateway.PayAsync"/> and <see cref="IPaymentGateway.GetAsync"/>.</summary>
public sealed class PaymentResult
{
    // A view over the immutable record (one small object per answer, not a copy of every field).
    private readonly PaymentRecord _record;
    private readonly PaymentAttempt? _deciding;

    internal PaymentResult(PaymentRecord record)
    {
        _record = record;
        _deciding = record.Status is PaymentStatus.Queued or PaymentStatus.Failed or PaymentStatus.Expired ? null : record.DecidingAttempt;
    }

    /// <summary>Gets the payment's idempotency key.</summary>
    public string IdempotencyKey => _record.Key;

    /// <summary>Gets where the payment stands.</summary>
    public PaymentStatus Status => _record.Status;

    /// <summary>Gets a value indicating whether <see cref="Status"/> is final.</summary>
    public bool IsFinal => Status.IsFinal();

    /// <summary>Gets the amount.</summary>
    public Money Amount => _record.Request.Amount;

    /// <summary>Gets the account reference.</summary>
    public string? AccountReference => _record.Request.AccountReference;

    /// <summary>Gets the provider that took (or is taking) the payment.</summary>
    public string? Provider => _deciding?.Provider;

    /// <summary>Gets the instrument charged.</summary>
    public PaymentInstrument? Instrument => _deciding?.Instrument;

    /// <summary>Gets the provider's reference for the transaction.</summary>
    public string? ProviderReference => _deciding?.ProviderReference;

    /// <summary>Gets the provider's receipt, once succeeded (for example an M-Pesa receipt number).</summary>
    public string? Receipt => _deciding?.Receipt;

    /// <summary>Gets what the payer must do, when <see cref="Status"/> is <see cref="PaymentStatus.ActionRequired"/>.</summary>
    public PaymentAction? Action => Status == PaymentStatus.ActionRequired ? _deciding?.Action : null;

    /// <summary>Gets the provider's decline code, when declined (for example M-Pesa <c>1032</c>, cancelled by the user).</summary>
    public string? DeclineCode => Status == PaymentStatus.Declined ? _deciding?.Code : null;

    /// <summary>Gets the decline reason in words.</summary>
    public string? DeclineReason => Status == PaymentStatus.Declined ? _deciding?.Reason : null;

    /// <summary>Gets why the payment failed, expired or is queued: the reasons of every candidate and attempt.</summary>
    public string? FailureReason => _record.FailureReason;

    /// <summary>Gets when a queued payment will next be tried.</summary>
    public DateTimeOffset? NextAttemptAt => Status is PaymentStatus.Queued ? _record.DueAt : null;

    /// <summary>Gets every attempt, oldest first.</summary>
    public IReadOnlyList<PaymentAttempt> Attempts => _record.Attempts;

    /// <summary>Gets when the payment was first accepted.</summary>
    public DateTimeOffset CreatedAt => _record.CreatedAt;

    /// <summary>Gets when the payment last changed.</summary>
    public DateTimeOffset UpdatedAt => _record.UpdatedAt;

    /// <summary>
    /// Gets the charges beyond the first success (an attempt that was failed over and later succeeded anyway): money to give back.
    /// Empty for almost every payment.
    /// </summary>
    public IReadOnlyList<ExtraCharge> ExtraCharges => _record.ExtraCharges;

    /// <summary>
    /// Gets the attempts whose provider reported money moved that did not match the payment (amount, currency or payer); such a
    /// payment is never marked succeeded on that report and waits for a person.
    /// </summary>
    public IReadOnlyList<PaymentAttempt> MismatchedAttempts => _record.Attempts.Where(a => a.Mismatch is not null).ToList();

    /// <summary>Gets the refunds of this payment's charges (its own and any extra charge), oldest first.</summary>
    public IReadOnlyList<PaymentRefund> Refunds => _record.Refunds;

    /// <summary>Gets how much of the payment's charge has gone back to the payer (succeeded refunds; extra charges' refunds not included).</summary>
    public Money RefundedAmount => Internal.RefundLedger.Refunded(_record);

    /// <summary>
    /// Gets how much of the payment's charge may still be refunded: the amount captured minus every refund that succeeded or may yet
    /// succeed (in flight, pending, unknown). Zero unless the payment succeeded.
    /// </summary>
    public Money RefundableAmount => Internal.RefundLedger.Refundable(_record, _record.DecidingAttempt?.Number ?? 0);

    /// <summary>Gets the audit trail: what operators did to this payment, oldest first.</summary>
    public IReadOnlyList<OperatorNote> OperatorNotes => _record.OperatorNotes;

    /// <summary>Gets the payer's instruments, masked (phone numbers as <c>2547****5678</c>): safe to show and log.</summary>
    public IReadOnlyList<string> MaskedInstruments => _record.Request.Instruments.Select(i => i.Masked).ToList();

    /// <summary>Gets the number of provider failovers: attempts after the first.</summary>
    public int Failovers => Math.Max(0, Attempts.Count(a => a.Outcome is not null) - 1);
}
