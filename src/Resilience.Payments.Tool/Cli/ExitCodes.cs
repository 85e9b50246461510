namespace Resilience.Payments.Tool.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Refused (the payment's state does not allow it), bad input, or not confirmed; nothing changed.</summary>
    public const int Refused = 1;

    /// <summary>No payment has the key.</summary>
    public const int NotFound = 2;
}
