using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using WireMock.Server;
using WireMock.Settings;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// The common part of every provider simulator: a WireMock.Net server on a loopback port that can go <see cref="Down"/> and
/// come back <see cref="Up"/> on the same port, a clock (<see cref="TimeProvider"/>), one seeded random source (every draw
/// under one lock, so a run is reproducible), the ledger of charges (<see cref="Ledger"/>), callback delivery with loss,
/// duplication and delay, and the uniform fault schedule (<see cref="AddFault"/>).
/// </summary>
/// <remarks>
/// A derived simulator maps its API in <see cref="MapRoutes"/>, calls <see cref="Start"/> at the end of its constructor,
/// and decides what each <see cref="SimulatorFaultKind"/> means for its API by calling <see cref="Draw"/> where it applies.
/// </remarks>
public abstract class ProviderSimulator : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly object _serverGate = new();
    private readonly Random _random;
    private readonly List<SimulatorFault> _faults = [];
    private readonly List<ITimer> _faultTimers = [];
    private readonly List<ITimer> _timers = [];
    private readonly List<SimulatedCharge> _ledger = [];
    private readonly List<Task> _callbacks = [];
    private readonly HttpClient _callbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _lifetime = new();
    private WireMockServer? _server;
    private int _port;
    private (DateTimeOffset From, DateTimeOffset Until)? _window;
    private int _callbacksSent;
    private bool _disposed;

    /// <summary>Initializes the simulator; the derived constructor calls <see cref="Start"/> once it is ready to answer.</summary>
    /// <param name="timeProvider">The clock of fault windows, callbacks and timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="seed">The seed of every random choice.</param>
    protected ProviderSimulator(TimeProvider? timeProvider, int seed)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Gets the simulated provider's name, as recorded in <see cref="SimulatedCharge.Provider"/> (for example <c>mpesa</c>).</summary>
    public abstract string ProviderName { get; }

    /// <summary>Gets the simulator's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the seed of every random choice.</summary>
    public int Seed { get; }

    /// <summary>Gets the base address (<c>http://127.0.0.1:{port}/</c>), the same after <see cref="Down"/> and <see cref="Up"/>.</summary>
    /// <exception cref="InvalidOperationException">The simulator was never started.</exception>
    public Uri BaseAddress => _port == 0
        ? throw new InvalidOperationException("The simulator has not been started.")
        : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}/"));

    /// <summary>Gets the running WireMock server (for its request log), or <see langword="null"/> while down.</summary>
    public WireMockServer? Server
    {
        get
        {
            lock (_serverGate)
            {
                return _server;
            }
        }
    }

    /// <summary>Gets a value indicating whether the server is listening.</summary>
    public bool IsUp => Server is not null;

    /// <summary>Gets the faults added so far (cleared by <see cref="ClearFaults"/>).</summary>
    public IReadOnlyList<SimulatorFault> Faults
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Gets the charges made (money moved), in order: the ground truth for "charged at most once" audits.</summary>
    public IReadOnlyList<SimulatedCharge> Ledger
    {
        get
        {
            lock (_gate)
            {
                return [.. _ledger];
            }
        }
    }

    /// <summary>Gets how many callback POSTs were attempted (duplicates included).</summary>
    public int CallbacksSent => Volatile.Read(ref _callbacksSent);

    /// <summary>Gets the simulator's lifetime: cancelled when it is disposed.</summary>
    protected CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Stops the server: its port refuses connections until <see cref="Up"/>. Nothing is lost from the ledger.</summary>
    public void Down()
    {
        WireMockServer? server;
        lock (_serverGate)
        {
            server = _server;
            _server = null;
        }

        server?.Stop();
        server?.Dispose();
    }

    /// <summary>Starts the server again on the same port, with the same ledger. Does nothing when up or disposed.</summary>
    public void Up()
    {
        lock (_serverGate)
        {
            if (_server is null && _port != 0 && !_disposed)
            {
                _server = StartServer(_port);
            }
        }
    }

    /// <summary>Adds a fault. A <see cref="SimulatorFaultKind.Down"/> fault stops the server at its <see cref="SimulatorFault.From"/> and restarts it at its <see cref="SimulatorFault.Until"/>, by timers on <see cref="TimeProvider"/>.</summary>
    /// <param name="fault">The fault; inside <c>During</c> a fault without a window gets the window of <c>During</c>.</param>
    /// <exception cref="ArgumentException">The fault is not valid (<see cref="SimulatorFault.Validate"/>); the exception names the field.</exception>
    public void AddFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        var downNow = false;
        lock (_gate)
        {
            if (_window is { } window && fault.From is null && fault.Until is null)
            {
                fault = fault with { From = window.From, Until = window.Until };
            }

            _faults.Add(fault);
            if (fault.Kind == SimulatorFaultKind.Down)
            {
                downNow = ScheduleDown(fault);
            }
        }

        if (downNow)
        {
            Down(); // outside the lock: stopping the server may wait for requests that draw faults
        }
    }

    /// <summary>Removes every fault and cancels scheduled <see cref="SimulatorFaultKind.Down"/> transitions (a server already down stays down: call <see cref="Up"/>).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
            foreach (var timer in _faultTimers)
            {
                timer.Dispose();
            }

            _faultTimers.Clear();
        }
    }

    /// <summary>Waits until every callback produced so far has been delivered (or failed), delayed ones included: advance a fake clock past their delay first.</summary>
    /// <returns>A task.</returns>
    public Task WhenCallbacksSentAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _callbacks]);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the server, the timers and the callbacks in flight.</summary>
    /// <returns>A task.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (_disposed)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        lock (_serverGate)
        {
            _disposed = true;
        }

        Down();
        Task[] pending;
        lock (_gate)
        {
            foreach (var timer in _faultTimers)
            {
                timer.Dispose();
            }

            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            pending = [.. _callbacks];
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        _callbackClient.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>Maps the provider's API on a (re)started server (WireMock <c>Given</c>/<c>RespondWith</c>).</summary>
    /// <param name="server">The server just started.</param>
    protected abstract void MapRoutes(WireMockServer server);

    /// <summary>Starts the server on a free loopback port; call it once, at the end of the derived constructor.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    protected void Start()
    {
        lock (_serverGate)
        {
            if (_port != 0)
            {
                throw new InvalidOperationException("The simulator is already started.");
            }

            _server = StartServer(null);
            _port = _server.Ports[0];
        }
    }

    /// <summary>Draws every active fault of <paramref name="kind"/> in order and returns the first that fires (a rate of 1 fires without a draw, 0 never draws).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The fault that fires, or <see langword="null"/>.</returns>
    protected SimulatorFault? Draw(SimulatorFaultKind kind)
    {
        var now = TimeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Kind == kind && fault.IsActiveAt(now) && fault.Rate > 0 && (fault.Rate >= 1 || _random.NextDouble() < fault.Rate))
                {
                    return fault;
                }
            }
        }

        return null;
    }

    /// <summary>Draws a number in [0, 1) from the seeded source.</summary>
    /// <returns>The number.</returns>
    protected double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Draws an integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>) from the seeded source.</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound.</param>
    /// <returns>The number.</returns>
    protected int Next(int minValue, int maxValue)
    {
        lock (_gate)
        {
            return _random.Next(minValue, maxValue);
        }
    }

    /// <summary>Draws a non-negative 64-bit integer from the seeded source.</summary>
    /// <returns>The number.</returns>
    protected long NextInt64()
    {
        lock (_gate)
        {
            return _random.NextInt64();
        }
    }

    /// <summary>Draws a string of <paramref name="length"/> characters of <paramref name="alphabet"/> from the seeded source (receipts, codes).</summary>
    /// <param name="length">The length.</param>
    /// <param name="alphabet">The characters to choose from.</param>
    /// <returns>The string.</returns>
    protected string NextString(int length, string alphabet)
    {
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        lock (_gate)
        {
            return string.Create(length, (_random, alphabet), static (span, state) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
                }
            });
        }
    }

    /// <summary>
    /// Gets or sets the transaction journal: called synchronously, before the answer or callback that reveals the change leaves
    /// the simulator, with a JSON object per transaction created or changed (its key is <c>id</c>). Append what it receives to a
    /// file, and a later simulator restores every transaction with <see cref="ImportTransactions"/>: the provider then outlives a
    /// crash of the process that hosts it, as a real provider outlives its merchant's.
    /// </summary>
    public Action<JsonObject>? TransactionJournal { get; set; }

    /// <summary>
    /// Restores transactions recorded by <see cref="TransactionJournal"/> (the last record of each <c>id</c> wins): their charges
    /// return to <see cref="Ledger"/>, and transactions still waiting for the payer are completed as usual. Call before use.
    /// </summary>
    /// <param name="transactions">The journal's records, oldest first.</param>
    /// <exception cref="NotSupportedException">The simulator cannot restore transactions.</exception>
    public virtual void ImportTransactions(IEnumerable<JsonObject> transactions) =>
        throw new NotSupportedException($"The {ProviderName} simulator cannot restore transactions.");

    /// <summary>Passes a created or changed transaction to <see cref="TransactionJournal"/>.</summary>
    /// <param name="transaction">The transaction, with its key as <c>id</c>.</param>
    protected void Journal(JsonObject transaction) => TransactionJournal?.Invoke(transaction);

    /// <summary>Records a charge in <see cref="Ledger"/>.</summary>
    /// <param name="charge">The charge.</param>
    protected void RecordCharge(SimulatedCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        lock (_gate)
        {
            _ledger.Add(charge);
        }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="dueTime"/> on the simulator's clock (unless disposed first).</summary>
    /// <param name="dueTime">The delay.</param>
    /// <param name="action">The action.</param>
    protected void Schedule(TimeSpan dueTime, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            _timers.Add(TimeProvider.CreateTimer(
                state =>
                {
                    if (!_lifetime.IsCancellationRequested)
                    {
                        ((Action)state!)();
                    }
                },
                action,
                dueTime,
                Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>Tracks background work so that <see cref="WhenCallbacksSentAsync"/> and disposal wait for it.</summary>
    /// <param name="task">The work.</param>
    protected void Track(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            _callbacks.Add(task);
        }
    }

    /// <summary>
    /// Posts a JSON callback applying the callback faults: <see cref="SimulatorFaultKind.LoseCallbacks"/> (not posted),
    /// <see cref="SimulatorFaultKind.DuplicateCallbacks"/> (posted twice), <see cref="SimulatorFaultKind.DelayCallbacks"/>
    /// (posted after a delay on the simulator's clock). Tracked for <see cref="WhenCallbacksSentAsync"/>.
    /// </summary>
    /// <param name="url">Where to post; when <see langword="null"/> nothing is posted and the planned number of deliveries is returned.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="headers">Extra request headers (signatures), or <see langword="null"/>.</param>
    /// <returns>How many POSTs got an HTTP answer (0 when lost), or the planned deliveries when <paramref name="url"/> is <see langword="null"/>.</returns>
    protected Task<int> SendCallbackAsync(Uri? url, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var copies = Draw(SimulatorFaultKind.LoseCallbacks) is not null ? 0 : Draw(SimulatorFaultKind.DuplicateCallbacks) is not null ? 2 : 1;
        var delay = TimeSpan.Zero;
        if (copies > 0 && Draw(SimulatorFaultKind.DelayCallbacks) is { } late)
        {
            var max = late.MaxLatency ?? late.Latency;
            delay = late.Latency + ((max - late.Latency) * NextDouble());
        }

        // the delay's timer starts now, on the simulator's clock, so that advancing a fake clock right after this call delivers it
        var wait = url is not null && delay > TimeSpan.Zero ? Task.Delay(delay, TimeProvider, _lifetime.Token) : Task.CompletedTask;
        var task = DeliverAsync(url, body, headers, copies, wait);
        Track(task);
        return task;
    }

    /// <summary>Waits <paramref name="delay"/> in real time (HTTP latency); <see langword="false"/> when the simulator was disposed first.</summary>
    /// <param name="delay">The delay (<see cref="Timeout.InfiniteTimeSpan"/> for "until disposed").</param>
    /// <returns>Whether the delay passed.</returns>
    protected async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _lifetime.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private WireMockServer StartServer(int? port)
    {
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Port = port ?? 0,
            Urls = port is null ? null : [string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port.Value}")],
        });
        MapRoutes(server);
        return server;
    }

    /// <summary>Schedules the stop and restart of a Down fault (under <see cref="_gate"/>); returns whether to stop now.</summary>
    private bool ScheduleDown(SimulatorFault fault)
    {
        var now = TimeProvider.GetUtcNow();
        var downNow = false;
        if (fault.Until is { } end && end <= now)
        {
            return false;
        }

        if (fault.From is { } start && start > now)
        {
            _faultTimers.Add(TimeProvider.CreateTimer(static s => ((ProviderSimulator)s!).Down(), this, start - now, Timeout.InfiniteTimeSpan));
        }
        else
        {
            downNow = true;
        }

        if (fault.Until is { } until)
        {
            _faultTimers.Add(TimeProvider.CreateTimer(static s => ((ProviderSimulator)s!).Up(), this, until - now, Timeout.InfiniteTimeSpan));
        }

        return downNow;
    }

    /// <summary>Sets the window <c>During</c> gives to faults added without one, until <see cref="ExitWindow"/>.</summary>
    private protected void EnterWindow(DateTimeOffset from, DateTimeOffset until)
    {
        if (from >= until)
        {
            throw new ArgumentException("The window must end after it starts.", nameof(until));
        }

        lock (_gate)
        {
            _window = (from, until);
        }
    }

    /// <summary>Ends the window of <see cref="EnterWindow"/>.</summary>
    private protected void ExitWindow()
    {
        lock (_gate)
        {
            _window = null;
        }
    }

    private async Task<int> DeliverAsync(Uri? url, string body, IReadOnlyDictionary<string, string>? headers, int copies, Task wait)
    {
        await Task.Yield();
        if (url is null)
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
            Interlocked.Increment(ref _callbacksSent);
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                foreach (var header in headers ?? new Dictionary<string, string>())
                {
                    message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                using var response = await _callbackClient.SendAsync(message, _lifetime.Token).ConfigureAwait(false);
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
