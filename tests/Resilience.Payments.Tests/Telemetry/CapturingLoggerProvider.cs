using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Tests.Telemetry;

/// <summary>Keeps every formatted log message and every structured argument, to prove what never reaches a log.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                line += " | " + string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"));
            }

            owner._lines.Enqueue(line + (exception is null ? string.Empty : " | " + exception));
        }
    }
}
