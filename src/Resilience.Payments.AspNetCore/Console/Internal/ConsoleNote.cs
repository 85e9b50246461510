using System;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>One entry of a payment's audit trail, as the console shows it.</summary>
internal sealed record ConsoleNote(DateTimeOffset At, string Actor, string Action, string? Detail);
