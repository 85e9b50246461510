using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Telemetry;

public class LogAbsentValueTests
{
    [Fact]
    public void StatusChanged_NoProvider_LogsNoneNotNull()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("test");

        Log.StatusChanged(logger, "k-1", PaymentStatus.Pending, provider: null);

        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Payment k-1 is Pending (provider none)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AttemptCompleted_NoCodeNoReason_LogsNoneNotNull()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("test");

        Log.AttemptCompleted(logger, "k-1-1-abcdefgh", "mpesa", "mobile-money 2547****5678", OutcomeKind.Succeeded, code: null, reason: null);

        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Attempt k-1-1-abcdefgh via mpesa (mobile-money 2547****5678): Succeeded none none", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", line, StringComparison.Ordinal);
    }
}
