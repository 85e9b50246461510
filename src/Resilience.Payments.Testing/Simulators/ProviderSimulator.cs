using System.Net;
using System.Net.Sockets;
using WireMock.Settings;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// What every provider simulator shares: a WireMock.Net server on a loopback port (127.0.0.1 unless <see cref="ListenOn"/> says
/// otherwise) that can go <see cref="Down"/> and come back
/// <see cref="Up"/> on the same port, a clock (<see cref="TimeProvider"/>), one seeded random source, the money moved
/// (<see cref="Charges"/>), the callbacks produced (<see cref="Callbacks"/>, with loss, duplication and delay), the uniform fault
/// schedule (<see cref="AddFault"/>) and the transaction journal (<see cref="TransactionJournal"/>).
/// </summary>
/// <remarks>The four simulators of this package derive from it; it is not meant to be derived from elsewhere.</remarks>
public abstract class ProviderSimulator : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly object _serverGate = new();
    private readonly List<ITimer> _timers = [];
    private readonly List<SimulatedCharge> _charges = [];
    private readonly List<SimulatedRefund> _refunds = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly FaultSchedule _faults;
    private readonly CallbackSender _callbacks;
    private WireMockServer? _server;
    private IPAddress _listenAddress = IPAddress.Loopback;
    private int _port;
    private bool _disposed;

    private protected ProviderSimulator(TimeProvider? timeProvider, int seed)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Seed = seed;
        Random = new SeededRandom(seed);
        _faults = new FaultSchedule(TimeProvider, Random, Down, Up);
        _callbacks = new CallbackSender(this, Draw, Random, _lifetime.Token);
    }

    /// <summary>Gets the simulated provider's name, as recorded in <see cref="SimulatedCharge.Provider"/> (for example <c>mpesa</c>).</summary>
    public abstract string ProviderName { get; }

    /// <summary>Gets the simulator's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the seed of every random choice.</summary>
    public int Seed { get; }

    /// <summary>
    /// Gets the base address, the same after <see cref="Down"/> and <see cref="Up"/>: <c>http://127.0.0.1:{port}/</c> while the
    /// server listens on 127.0.0.1 or on every address (<c>0.0.0.0</c>, <c>::</c>), otherwise <c>http://{address}:{port}/</c> for the
    /// address given to <see cref="ListenOn"/> (<c>http://[::1]:{port}/</c> for IPv6 loopback).
    /// </summary>
    /// <exception cref="InvalidOperationException">The simulator was never started.</exception>
    public Uri BaseAddress
    {
        get
        {
            IPAddress address;
            int port;
            lock (_serverGate)
            {
                (address, port) = (_listenAddress, _port);
            }

            return port == 0
                ? throw new InvalidOperationException("The simulator has not been started.")
                : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{Reachable(address)}:{port}/"));
        }
    }

    /// <summary>
    /// Gets the address the server listens on: <see cref="IPAddress.Loopback"/> (127.0.0.1, reachable from this machine only) unless
    /// <see cref="ListenOn"/> chose another. The same after <see cref="Down"/> and <see cref="Up"/>.
    /// </summary>
    public IPAddress ListenAddress
    {
        get
        {
            lock (_serverGate)
            {
                return _listenAddress;
            }
        }
    }

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
    public IReadOnlyList<SimulatorFault> Faults => _faults.Faults;

    /// <summary>
    /// Gets the money moved: every successful charge, in order, the same on every provider. The ground truth for "charged exactly
    /// once" audits, independent of the gateway.
    /// </summary>
    public IReadOnlyList<SimulatedCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return [.. _charges];
            }
        }
    }

    /// <summary>
    /// Gets the money given back: every refund or reversal that completed, in order, the same on every provider. With
    /// <see cref="Charges"/>, the ground truth for "refunded exactly once, never more than charged" audits.
    /// </summary>
    public IReadOnlyList<SimulatedRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds];
            }
        }
    }

    /// <summary>Gets the callbacks (webhooks, IPNs) produced so far whose deliveries are over, delivered or not, in the order they were produced.</summary>
    public IReadOnlyList<SimulatedCallback> Callbacks => _callbacks.Sent;

    /// <summary>Gets how many callback requests were attempted (duplicates included).</summary>
    public int CallbacksSent => _callbacks.Attempts;

    /// <summary>
    /// Gets or sets the transaction journal: called synchronously, before the answer or callback that reveals the change leaves
    /// the simulator, with a JSON object per transaction created or changed (its key is <c>id</c>). Append what it receives to a
    /// file, and a later simulator restores every transaction with <see cref="ImportTransactions"/>: the provider then outlives a
    /// crash of the process that hosts it, as a real provider outlives its merchant's.
    /// </summary>
    public Action<JsonObject>? TransactionJournal { get; set; }

    /// <summary>Gets the seeded random source of every choice.</summary>
    internal SeededRandom Random { get; }

    /// <summary>Gets the simulator's lifetime: cancelled when it is disposed.</summary>
    internal CancellationToken Lifetime => _lifetime.Token;

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

    /// <summary>
    /// Listens on another address from now on, on the same port: a running server is restarted there at once (requests in flight
    /// are cut, the ledger stays), a server that is down comes back there on <see cref="Up"/>. The simulators listen on
    /// 127.0.0.1 by default, so that nothing outside this machine reaches them; another address (a LAN address, or
    /// <see cref="IPAddress.Any"/> for every interface) exposes a simulator that accepts well-known credentials to that network:
    /// choose it explicitly, for a test whose client runs elsewhere (another container, a phone on the LAN).
    /// </summary>
    /// <param name="address">The address, for example <see cref="IPAddress.Loopback"/>, <c>IPAddress.Parse("192.168.1.20")</c> or <see cref="IPAddress.Any"/>.</param>
    /// <exception cref="ObjectDisposedException">The simulator was disposed.</exception>
    public void ListenOn(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        bool restart;
        lock (_serverGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _listenAddress = address;
            restart = _server is not null;
        }

        if (restart)
        {
            Down();
            Up();
        }
    }

    /// <summary>Adds a fault. A <see cref="SimulatorFaultKind.Down"/> fault stops the server at its <see cref="SimulatorFault.From"/> and restarts it at its <see cref="SimulatorFault.Until"/>, by timers on <see cref="TimeProvider"/>.</summary>
    /// <param name="fault">The fault; inside <c>During</c> a fault without a window gets the window of <c>During</c>.</param>
    /// <exception cref="ArgumentException">The fault is not valid (a rate outside 0 to 1, a window that ends before it starts, a missing latency or decline code); the exception names the field.</exception>
    public void AddFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        if (_faults.Add(fault))
        {
            Down(); // outside the lock: stopping the server may wait for requests that draw faults
        }
    }

    /// <summary>Removes every fault and cancels scheduled <see cref="SimulatorFaultKind.Down"/> transitions (a server already down stays down: call <see cref="Up"/>).</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Waits until every callback produced so far has been delivered (or failed), delayed ones included: advance a fake clock past their delay first.</summary>
    /// <returns>A task.</returns>
    public Task WhenCallbacksSentAsync() => _callbacks.WhenAllAsync();

    /// <summary>
    /// Restores transactions recorded by <see cref="TransactionJournal"/> (the last record of each <c>id</c> wins): their charges
    /// return to <see cref="Charges"/>, and transactions still waiting for the payer are completed as usual. Call before use.
    /// </summary>
    /// <param name="transactions">The journal's records, oldest first.</param>
    /// <exception cref="NotSupportedException">The simulator cannot restore transactions.</exception>
    public void ImportTransactions(IEnumerable<JsonObject> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        Restore(SimulatorJson.Latest(transactions));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the server, the timers and the callbacks in flight.</summary>
    /// <returns>A task.</returns>
    private protected virtual async ValueTask DisposeAsyncCore()
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
        _faults.Dispose();
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
        }

        await _callbacks.DrainAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>Maps the provider's API on a (re)started server (WireMock <c>Given</c>/<c>RespondWith</c>).</summary>
    /// <param name="server">The server just started.</param>
    internal abstract void MapRoutes(WireMockServer server);

    /// <summary>Restores the latest journal record of each transaction (<see cref="ImportTransactions"/>).</summary>
    /// <param name="records">The records.</param>
    internal virtual void Restore(IReadOnlyCollection<JsonObject> records) =>
        throw new NotSupportedException($"The {ProviderName} simulator cannot restore transactions.");

    /// <summary>Starts the server on a free loopback port; called once, at the end of the derived constructor.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    internal void Start()
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
    internal SimulatorFault? Draw(SimulatorFaultKind kind) => _faults.Draw(kind);

    /// <summary>
    /// The fault prelude of a request, before anything is recorded: <see cref="SimulatorFaultKind.Slow"/> (a real-time delay), then
    /// <see cref="SimulatorFaultKind.RateLimited"/>, then <see cref="SimulatorFaultKind.Http503"/>.
    /// </summary>
    /// <param name="answers">The provider's answers to the faults.</param>
    /// <returns>The answer of the fault that fired, or <see langword="null"/> to process the request.</returns>
    internal async Task<ResponseMessage?> DrawRequestFaultsAsync(SimulatorAnswers answers)
    {
        if (Draw(SimulatorFaultKind.Slow) is { } slow && !await DelayAsync(slow.Latency).ConfigureAwait(false))
        {
            return answers.Interrupted();
        }

        return Draw(SimulatorFaultKind.RateLimited) is not null ? answers.RateLimited()
            : Draw(SimulatorFaultKind.Http503) is not null ? answers.Unavailable()
            : null;
    }

    /// <summary>Passes a created or changed transaction to <see cref="TransactionJournal"/>.</summary>
    /// <param name="transaction">The transaction, with its key as <c>id</c>.</param>
    internal void Journal(JsonObject transaction) => TransactionJournal?.Invoke(transaction);

    /// <summary>Records money moved in <see cref="Charges"/>.</summary>
    /// <param name="charge">The charge.</param>
    internal void RecordCharge(SimulatedCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        lock (_gate)
        {
            _charges.Add(charge);
        }
    }

    /// <summary>Records money given back (a refund or reversal that completed).</summary>
    /// <param name="refund">The refund.</param>
    internal void RecordRefund(SimulatedRefund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        lock (_gate)
        {
            _refunds.Add(refund);
        }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="dueTime"/> on the simulator's clock (unless disposed first).</summary>
    /// <param name="dueTime">The delay.</param>
    /// <param name="action">The action.</param>
    internal void Schedule(TimeSpan dueTime, Action action)
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
    internal void Track(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _callbacks.Track(task);
    }

    /// <summary>
    /// Sends a callback applying the callback faults: <see cref="SimulatorFaultKind.LoseCallbacks"/> (not sent),
    /// <see cref="SimulatorFaultKind.DuplicateCallbacks"/> (sent twice), <see cref="SimulatorFaultKind.DelayCallbacks"/> (sent after a
    /// delay on the simulator's clock); tracked for <see cref="WhenCallbacksSentAsync"/> and recorded in <see cref="Callbacks"/>.
    /// </summary>
    /// <param name="callback">What to send (its <see cref="SimulatedCallback.Deliveries"/> and <see cref="SimulatedCallback.CreatedAt"/> are set when recorded).</param>
    /// <returns>How many requests got an HTTP answer (0 when lost), or the planned deliveries when it has no URL.</returns>
    internal Task<int> SendCallbackAsync(SimulatedCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _callbacks.SendAsync(callback);
    }

    /// <summary>Waits <paramref name="delay"/> in real time (HTTP latency); <see langword="false"/> when the simulator was disposed first.</summary>
    /// <param name="delay">The delay (<see cref="Timeout.InfiniteTimeSpan"/> for "until disposed").</param>
    /// <returns>Whether the delay passed.</returns>
    internal async Task<bool> DelayAsync(TimeSpan delay)
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

    /// <summary>Sets the window <c>During</c> gives to faults added without one, until <see cref="ExitWindow"/>.</summary>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end (exclusive).</param>
    private protected void EnterWindow(DateTimeOffset from, DateTimeOffset until) => _faults.EnterWindow(from, until);

    /// <summary>Ends the window of <see cref="EnterWindow"/>.</summary>
    private protected void ExitWindow() => _faults.ExitWindow();

    /// <summary>The host to put in a URL for <paramref name="address"/>: 127.0.0.1 for IPv4 loopback and "every address", brackets for IPv6.</summary>
    private static string Reachable(IPAddress address) =>
        address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]"
            : address.ToString();

    /// <summary>
    /// Starts a server on <see cref="ListenAddress"/> (127.0.0.1 by default), on <paramref name="port"/> or, when
    /// <see langword="null"/>, on a free port. Never WireMock's default, which listens on every interface.
    /// </summary>
    private WireMockServer StartServer(int? port)
    {
        var host = _listenAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + _listenAddress + "]" : _listenAddress.ToString();
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port ?? 0}")],
        });
        MapRoutes(server);
        return server;
    }
}
