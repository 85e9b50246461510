using System;

namespace Resilience.Payments;

/// <summary>One entry of a payment's audit trail (<see cref="PaymentRecord.OperatorNotes"/>): who did what, when, and why.</summary>
public sealed record OperatorNote
{
    /// <summary>Gets when the action was taken.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets who took it (the signed-in user's name, or the operating system user of the command-line tool).</summary>
    public required string Actor { get; init; }

    /// <summary>Gets what was done.</summary>
    public required OperatorActionKind Action { get; init; }

    /// <summary>Gets the reason, note or amount given with the action, if any.</summary>
    public string? Detail { get; init; }
}
