using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Events.Internal;

/// <summary>
/// Delivers a store's outbox to every observer (one <see cref="SubscriptionDelivery"/> each) and deletes delivered events after
/// the retention period. What <see cref="PaymentEventDispatchWorker"/> runs.
/// </summary>
internal sealed class OutboxDispatcher
{
    private const int CleanupBatch = 1000;
    private readonly IPaymentEventStore _store;
    private readonly SubscriptionDelivery[] _deliveries;
    private readonly PaymentEventDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    public OutboxDispatcher(IPaymentEventStore store, IEnumerable<IPaymentEventObserver> observers, string owner, PaymentEventDeliveryOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _deliveries = observers.Select(o => new SubscriptionDelivery(store, o, NameOf(o), owner, options, time, logger)).ToArray();
        var duplicates = _deliveries.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            throw new InvalidOperationException(
                $"Event observers must have unique names (their checkpoints are kept under them); these names are used more than once: {string.Join(", ", duplicates)}. " +
                "Give each observer its own IPaymentEventObserver.Name.");
        }
    }

    /// <summary>Gets the signal writes set when they add events.</summary>
    public EventSignal Signal { get; } = new();

    /// <summary>Delivers one batch to each observer, then deletes old delivered events when due; returns how many events moved.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var delivery in _deliveries)
        {
            try
            {
                moved += await delivery.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // one observer's store trouble must not stop the others
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WorkerCycleFailed(_logger, ex, "event dispatcher (" + delivery.Name + ")");
            }
        }

        await CleanupAsync(cancellationToken).ConfigureAwait(false);
        return moved;
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now + _options.CleanupInterval;
        int deleted;
        do
        {
            deleted = await _store.DeleteDeliveredEventsAsync(now - _options.Retention, CleanupBatch, cancellationToken).ConfigureAwait(false);
        }
        while (deleted == CleanupBatch);
    }

    private static string NameOf(IPaymentEventObserver observer)
    {
        var name = observer.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new InvalidOperationException($"The event observer {observer.GetType().FullName} has a blank name or one over 200 characters (IPaymentEventObserver.Name).");
        }

        return name;
    }
}
