namespace Resilience.Payments.Webhooks.Internal;

/// <summary>An observer with a retry schedule of its own (a webhook retries over days, an in-process observer over minutes).</summary>
internal interface IScheduledObserver
{
    /// <summary>Returns the delivery options for this observer, given the gateway's.</summary>
    PaymentEventDeliveryOptions Schedule(PaymentEventDeliveryOptions defaults);
}
