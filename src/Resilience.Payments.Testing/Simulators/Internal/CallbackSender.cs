using System.Net.Http;

namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>
/// Sends a simulator's callbacks with the callback faults (<see cref="SimulatorFaultKind.LoseCallbacks"/>,
/// <see cref="SimulatorFaultKind.DuplicateCallbacks"/>, <see cref="SimulatorFaultKind.DelayCallbacks"/> on the simulator's clock),
/// tracks them for <c>WhenCallbacksSentAsync</c> and disposal, and records each in <see cref="Sent"/>.
/// </summary>
internal sealed class CallbackSender : IDisposable
{
    private readonly object _gate = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<Task> _tasks = [];
    private readonly List<(long Order, SimulatedCallback Callback)> _sent = [];
    private long _produced;
    private readonly ProviderSimulator _simulator;
    private readonly Func<SimulatorFaultKind, SimulatorFault?> _draw;
    private readonly SeededRandom _random;
    private readonly CancellationToken _lifetime;
    private int _attempts;

    /// <summary>Initializes the sender.</summary>
    /// <param name="simulator">The simulator (its name and clock).</param>
    /// <param name="draw">Draws a fault of the simulator.</param>
    /// <param name="random">The simulator's random source.</param>
    /// <param name="lifetime">Cancelled when the simulator is disposed.</param>
    public CallbackSender(ProviderSimulator simulator, Func<SimulatorFaultKind, SimulatorFault?> draw, SeededRandom random, CancellationToken lifetime)
    {
        _simulator = simulator;
        _draw = draw;
        _random = random;
        _lifetime = lifetime;
    }

    /// <summary>Gets how many requests were attempted (duplicates included).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>
    /// Gets the callbacks whose deliveries are over, in the order they were produced (deliveries finish in any order: two
    /// callbacks produced one right after the other may finish the other way round).
    /// </summary>
    public IReadOnlyList<SimulatedCallback> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent.OrderBy(s => s.Order).Select(s => s.Callback)];
            }
        }
    }

    /// <summary>Tracks background work so that <see cref="WhenAllAsync"/> and disposal wait for it.</summary>
    /// <param name="task">The work.</param>
    public void Track(Task task)
    {
        lock (_gate)
        {
            _tasks.Add(task);
        }
    }

    /// <summary>Waits for every tracked task so far.</summary>
    /// <returns>A task.</returns>
    public Task WhenAllAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _tasks]);
        }
    }

    /// <summary>
    /// Sends <paramref name="callback"/> (its deliveries are ignored) applying the callback faults; the draws and the delay's timer
    /// happen before this returns, on the simulator's clock, so that advancing a fake clock right after delivers it.
    /// </summary>
    /// <param name="callback">What to send: method, URL (nothing is sent when <see langword="null"/>), body and headers.</param>
    /// <returns>How many requests got an HTTP answer, or the planned deliveries when there is no URL.</returns>
    public Task<int> SendAsync(SimulatedCallback callback)
    {
        var copies = _draw(SimulatorFaultKind.LoseCallbacks) is not null ? 0 : _draw(SimulatorFaultKind.DuplicateCallbacks) is not null ? 2 : 1;
        var delay = TimeSpan.Zero;
        if (copies > 0 && _draw(SimulatorFaultKind.DelayCallbacks) is { } late)
        {
            var max = late.MaxLatency ?? late.Latency;
            delay = late.Latency + ((max - late.Latency) * _random.NextDouble());
        }

        var wait = callback.Url is not null && delay > TimeSpan.Zero ? Task.Delay(delay, _simulator.TimeProvider, _lifetime) : Task.CompletedTask;
        var task = DeliverAndRecordAsync(callback, Interlocked.Increment(ref _produced), copies, wait);
        Track(task);
        return task;
    }

    /// <summary>Waits for what is in flight (ignoring delivery failures) and releases the HTTP client.</summary>
    /// <returns>A task.</returns>
    public async Task DrainAsync()
    {
        try
        {
            await WhenAllAsync().ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<int> DeliverAndRecordAsync(SimulatedCallback callback, long order, int copies, Task wait)
    {
        var deliveries = await DeliverAsync(callback, copies, wait).ConfigureAwait(false);
        lock (_gate)
        {
            _sent.Add((order, callback with { Deliveries = deliveries, CreatedAt = _simulator.TimeProvider.GetUtcNow() }));
        }

        return deliveries;
    }

    private async Task<int> DeliverAsync(SimulatedCallback callback, int copies, Task wait)
    {
        await Task.Yield();
        if (callback.Url is not { } url)
        {
            return copies;
        }

        try
        {
            await wait.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        var sent = 0;
        for (var i = 0; i < copies; i++)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                using var message = new HttpRequestMessage(new HttpMethod(callback.Method), url);
                if (callback.Method == "POST")
                {
                    message.Content = new StringContent(callback.Body, Encoding.UTF8, "application/json");
                }

                foreach (var header in callback.Headers)
                {
                    message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                using var response = await _client.SendAsync(message, _lifetime).ConfigureAwait(false);
                sent++;
            }
            catch (HttpRequestException)
            {
                // the receiver is down: recorded as not delivered
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return sent;
    }
}
