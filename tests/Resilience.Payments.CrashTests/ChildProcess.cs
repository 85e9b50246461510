using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>One run of the crash-test child: started, watched line by line, killed with SIGKILL or awaited, always bounded.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _tail = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (string Word, int Count, TaskCompletionSource<bool> Signal)? _waiter;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the child's dll: where this build put it, else next to this test project's output.</summary>
    public static string ChildDll { get; } = LocateChild();

    public static ChildProcess Start(string store, string ledger, int payments, int seed, string phase)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ChildDll);
        foreach (var argument in new[]
        {
            "--store", store, "--ledger", ledger,
            "--payments", payments.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--phase", phase,
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._gate)
                {
                    child._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public string LastLines
    {
        get
        {
            lock (_gate)
            {
                return _tail.ToString();
            }
        }
    }

    /// <summary>Waits until the child has written <paramref name="count"/> lines starting with <paramref name="word"/>.</summary>
    /// <returns><see langword="true"/> when seen, <see langword="false"/> when the child exited (or the time ran out) first.</returns>
    public async Task<bool> WaitForLineAsync(string word, int count, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_counts.GetValueOrDefault(word) >= count)
            {
                return true;
            }

            if (_outputClosed.Task.IsCompleted)
            {
                return false;
            }

            _waiter = (word, count, signal);
        }

        try
        {
            return await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Kills the child with SIGKILL, unless it has exited already. Returns whether it was still running.</summary>
    public bool Kill()
    {
        try
        {
            if (_process.HasExited)
            {
                return false;
            }

            _process.Kill(); // SIGKILL on Linux
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // exited in between
        }
    }

    /// <summary>Waits for the child to exit; on timeout kills it and fails with what it wrote.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Fail($"{what}: the child did not exit within {timeout.TotalSeconds:0} s and was killed.\nstderr:\n{StandardError}\nlast output:\n{LastLines}");
        }

        await _outputClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        lock (_gate)
        {
            if (line is null)
            {
                _outputClosed.TrySetResult();
                _waiter?.Signal.TrySetResult(false);
                _waiter = null;
                return;
            }

            if (_tail.Length > 4000)
            {
                _tail.Remove(0, _tail.Length - 2000);
            }

            _tail.AppendLine(line);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var word = space < 0 ? line : line[..space];
            var count = _counts[word] = _counts.GetValueOrDefault(word) + 1;
            if (_waiter is { } waiter && waiter.Word == word && count >= waiter.Count)
            {
                _waiter = null;
                waiter.Signal.TrySetResult(true);
            }
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static string LocateChild()
    {
        const string Name = "Resilience.Payments.CrashTests.Child.dll";
        var candidates = new List<string>();
        var built = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrashChildDll")?.Value;
        if (built is not null)
        {
            candidates.Add(Path.GetFullPath(built));
        }

        // tests/Resilience.Payments.CrashTests/bin/<Configuration>/net10.0/ -> tests/Resilience.Payments.CrashTests.Child/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Parent?.Parent?.Parent is { } tests)
        {
            candidates.Add(Path.Combine(tests.FullName, "Resilience.Payments.CrashTests.Child", "bin", here.Parent.Name, here.Name, Name));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The crash-test child was not built; looked in: {string.Join(", ", candidates)}. Build the solution (or tests/Resilience.Payments.CrashTests) first.");
    }
}
