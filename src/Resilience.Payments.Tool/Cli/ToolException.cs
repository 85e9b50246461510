using System;

namespace Resilience.Payments.Tool.Cli;

/// <summary>A failure the tool reports in one line and an exit code (bad options, a store it cannot open).</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message, int exitCode = ExitCodes.Refused)
        : base(message) => ExitCode = exitCode;

    public ToolException()
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Refused;
}
