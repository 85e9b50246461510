using System;

namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>The argument checks of <see cref="IPaymentEventStore"/>, as the in-memory store makes them: each names the parameter.</summary>
internal static class EventArguments
{
    public static void Limit(int limit) => ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

    public static void Subscription(PaymentEventSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Name, nameof(subscription));
    }

    public static void DeadLetter(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter)
    {
        Subscription(subscription);
        ArgumentNullException.ThrowIfNull(deadLetter);
        if (!string.Equals(deadLetter.Subscription, subscription.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("The dead letter's subscription must be the subscription written.", nameof(deadLetter));
        }
    }
}
