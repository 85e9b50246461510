using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments.Tool.Output;

/// <summary>Maps the operations' views to the --json shapes; every free text is scrubbed (<see cref="ProviderText.Scrub"/>) and instruments are masked.</summary>
internal static class JsonMapper
{
    public static PaymentJson Payment(PaymentResult p) => new(
        p.IdempotencyKey,
        p.Status.ToString(),
        p.Amount.Amount,
        p.Amount.Currency,
        p.Provider,
        ProviderText.Scrub(p.AccountReference),
        p.MaskedInstruments,
        p.CreatedAt,
        p.UpdatedAt,
        p.NextAttemptAt,
        p.Attempts.Count,
        p.Failovers,
        p.RefundedAmount.Amount,
        p.RefundableAmount.Amount,
        ProviderText.Scrub(p.FailureReason));

    public static IReadOnlyList<PaymentJson> Payments(IEnumerable<PaymentResult> payments) => payments.Select(Payment).ToList();

    public static PaymentDetailsJson Details(PaymentDetails d) => new(
        Payment(d.Payment),
        d.Payment.Attempts.Select(a => new AttemptJson(
            a.Number,
            a.Provider,
            a.Instrument.Masked,
            a.StartedAt,
            a.CompletedAt,
            a.Outcome?.ToString(),
            ProviderText.Scrub(a.Code),
            ProviderText.Scrub(a.Reason),
            ProviderText.Scrub(a.Mismatch?.Reason))).ToList(),
        d.Payment.Refunds.Select(Refund).ToList(),
        d.Payment.OperatorNotes.Select(n => new NoteJson(n.At, ProviderText.Scrub(n.Actor), n.Action.ToString(), ProviderText.Scrub(n.Detail))).ToList(),
        d.Attention.Select(Attention).ToList());

    public static RefundJson Refund(PaymentRefund r) =>
        new(r.Key, r.Provider, r.Amount.Amount, r.Amount.Currency, r.Status.ToString(), r.Automatic, ProviderText.Scrub(r.Reason), r.CreatedAt, r.UpdatedAt, ProviderText.Scrub(r.Message));

    public static AttentionJson Attention(PaymentAttention a) => new(a.Payment.IdempotencyKey, a.Reason.ToString(), a.Since, ProviderText.Scrub(a.Detail));

    public static StatusJson Status(OperationsOverview o) => new(
        o.AsOf,
        o.CountsByStatus.OrderBy(c => c.Key).ToDictionary(c => c.Key.ToString(), c => c.Value),
        new QueueJson(o.Queue.Depth, o.Queue.OldestCreatedAt, Payments(o.Queue.NextDue)),
        o.Providers.Select(p => new ProviderJson(
            p.Provider,
            p.CircuitState.ToString(),
            p.Since,
            p.RecentCalls,
            p.RecentFailureRatio,
            p.MedianLatency?.TotalMilliseconds,
            p.MaxLatency?.TotalMilliseconds)).ToList(),
        o.NeedsAttention.Select(Attention).ToList(),
        Payments(o.RefundsOpen),
        Payments(o.DeadLettered),
        Payments(o.RecentFailovers),
        UndeliveredEvents(o.UndeliveredEvents));

    public static IReadOnlyList<UndeliveredEventJson> UndeliveredEvents(IEnumerable<DeadLetteredEvent> events) =>
        events.Select(e => new UndeliveredEventJson(
            e.Subscription, e.Event.EventId, e.Event.PaymentKey, e.Event.EventType, e.Attempts, ProviderText.Scrub(e.LastError), e.DeadLetteredAt)).ToList();
}
