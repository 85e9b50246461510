using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;
using Resilience.Payments.Webhooks.Internal;

namespace Resilience.Payments.Events.Internal;

/// <summary>
/// Delivers a store's outbox to every observer (one <see cref="SubscriptionDelivery"/> each) and deletes delivered events after
/// the retention period. What <see cref="PaymentEventDispatchWorker"/> runs.
/// </summary>
internal sealed class OutboxDispatcher : IDisposable
{
    private const int CleanupBatch = 1000;
    private readonly IPaymentEventStore _store;
    private readonly SubscriptionDelivery[] _deliveries;
    private readonly PaymentEventDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneCycle = new(1, 1); // the hosted loop and a RunOnceAsync call share this instance's leases
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    public OutboxDispatcher(IPaymentEventStore store, IEnumerable<IPaymentEventObserver> observers, string owner, PaymentEventDeliveryOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        // Two observers with one name (two of one type) are told apart by their order of registration: name, name#2, ...
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        _deliveries = observers.Select(o =>
        {
            var name = NameOf(o);
            var count = seen[name] = seen.GetValueOrDefault(name) + 1;
            var schedule = o is IScheduledObserver scheduled ? scheduled.Schedule(options) : options;
            return new SubscriptionDelivery(store, o, count == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}#{count}"), owner, schedule, time, logger);
        }).ToArray();
    }

    /// <summary>Gets the observers' subscription names, in registration order.</summary>
    public IReadOnlyList<string> Names => _deliveries.Select(d => d.Name).ToArray();

    /// <summary>Gets the signal writes set when they add events.</summary>
    public EventSignal Signal { get; } = new();

    /// <summary>Delivers one batch to each observer, then deletes old delivered events when due; returns how many events moved.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneCycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CycleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneCycle.Release();
        }
    }

    /// <summary>Lets every lease this instance holds go (a clean stop), so that delivery goes on at once elsewhere or after a restart.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _oneCycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var delivery in _deliveries)
            {
                await delivery.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _oneCycle.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _oneCycle.Dispose();

    private async Task<int> CycleAsync(CancellationToken cancellationToken)
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
