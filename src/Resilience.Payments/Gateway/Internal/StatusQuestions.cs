using System;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>The status question about one attempt, asked the same way by the reconciler of open payments and of succeeded ones.</summary>
internal static class StatusQuestions
{
    public static ProviderStatusRequest About(PaymentRecord record, PaymentAttempt attempt, ProviderEntry provider, DateTimeOffset now) => new()
    {
        PaymentKey = record.Key,
        AttemptReference = attempt.Reference,
        ProviderReference = attempt.ProviderReference,
        Amount = record.Request.Amount,
        Instrument = attempt.Instrument,
        StartedAt = attempt.StartedAt,
        LastInFlightAt = attempt.StartedAt + provider.AttemptTimeout,
        ObservedDelay = provider.ObservedDelay(now),
        AccountReference = record.Request.AccountReference,
    };
}
