using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Internal;

/// <summary>Delivers events to every handler; a handler's failure is logged and goes no further.</summary>
internal sealed class EventDispatcher(IEnumerable<IPaymentEventObserver> handlers, ILogger logger)
{
    private readonly IPaymentEventObserver[] _handlers = handlers.ToArray();

    public bool HasHandlers => _handlers.Length > 0;

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
