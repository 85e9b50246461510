namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>
/// A simulator's faults: the list, the window <c>During</c> gives to faults added inside it, the seeded draws, and the timers
/// that stop and restart the server for <see cref="SimulatorFaultKind.Down"/> faults.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly object _gate = new();
    private readonly List<SimulatorFault> _faults = [];
    private readonly List<ITimer> _timers = [];
    private readonly TimeProvider _timeProvider;
    private readonly SeededRandom _random;
    private readonly Action _down;
    private readonly Action _up;
    private (DateTimeOffset From, DateTimeOffset Until)? _window;

    /// <summary>Initializes the schedule.</summary>
    /// <param name="timeProvider">The simulator's clock.</param>
    /// <param name="random">The simulator's random source.</param>
    /// <param name="down">Stops the server.</param>
    /// <param name="up">Restarts the server.</param>
    public FaultSchedule(TimeProvider timeProvider, SeededRandom random, Action down, Action up)
    {
        _timeProvider = timeProvider;
        _random = random;
        _down = down;
        _up = up;
    }

    /// <summary>Gets the faults added so far.</summary>
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

    /// <summary>Adds a validated fault; a <see cref="SimulatorFaultKind.Down"/> fault schedules its stop and restart.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>Whether the server must stop now (the caller stops it outside any lock).</returns>
    public bool Add(SimulatorFault fault)
    {
        lock (_gate)
        {
            if (_window is { } window && fault.From is null && fault.Until is null)
            {
                fault = fault with { From = window.From, Until = window.Until };
            }

            _faults.Add(fault);
            return fault.Kind == SimulatorFaultKind.Down && ScheduleDown(fault);
        }
    }

    /// <summary>Removes every fault and cancels the scheduled stops and restarts.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
            DisposeTimers();
        }
    }

    /// <summary>Draws every active fault of <paramref name="kind"/> in order and returns the first that fires.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The fault that fires, or <see langword="null"/>.</returns>
    public SimulatorFault? Draw(SimulatorFaultKind kind)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Kind == kind && fault.IsActiveAt(now) && _random.Chance(fault.Rate))
                {
                    return fault;
                }
            }
        }

        return null;
    }

    /// <summary>Sets the window given to faults added without one, until <see cref="ExitWindow"/>.</summary>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end (exclusive).</param>
    public void EnterWindow(DateTimeOffset from, DateTimeOffset until)
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
    public void ExitWindow()
    {
        lock (_gate)
        {
            _window = null;
        }
    }

    /// <summary>Cancels the scheduled stops and restarts (on disposal).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            DisposeTimers();
        }
    }

    private void DisposeTimers()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>Schedules the stop and restart of a Down fault (under the lock); returns whether to stop now.</summary>
    private bool ScheduleDown(SimulatorFault fault)
    {
        var now = _timeProvider.GetUtcNow();
        if (fault.Until is { } end && end <= now)
        {
            return false;
        }

        var downNow = false;
        if (fault.From is { } start && start > now)
        {
            _timers.Add(_timeProvider.CreateTimer(static s => ((Action)s!)(), _down, start - now, Timeout.InfiniteTimeSpan));
        }
        else
        {
            downNow = true;
        }

        if (fault.Until is { } until)
        {
            _timers.Add(_timeProvider.CreateTimer(static s => ((Action)s!)(), _up, until - now, Timeout.InfiniteTimeSpan));
        }

        return downNow;
    }
}
