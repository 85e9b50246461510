using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Internal;

/// <summary>
/// Delivers in-process events to every handler; a handler's failure is logged and goes no further. With a store that keeps an
/// outbox (<paramref name="durable"/>), status changes are not published here: the event dispatcher delivers them from the outbox.
/// </summary>
internal sealed class EventDispatcher(IEnumerable<IPaymentEventObserver> handlers, ILogger logger, bool durable = false)
{
    private readonly IPaymentEventObserver[] _handlers = handlers.ToArray();

    public bool HasHandlers => _handlers.Length > 0;

    /// <summary>Gets a value indicating whether status changes are written to the store's outbox rather than published here.</summary>
    public bool Durable => durable;

    /// <summary>Gets a value indicating whether status-change events are published in process (no outbox, and someone listens).</summary>
    public bool PublishesStatusChanges => !durable && _handlers.Length > 0;

    public async ValueTask PublishAsync(PaymentEvent paymentEvent)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(paymentEvent, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a handler must never break a payment
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.EventHandlerFailed(logger, ex, paymentEvent.GetType().Name);
            }
        }
    }
}
