using System;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>Where a payment no candidate took ends: its status, the reason, when it is due again (queued) and its queue rounds.</summary>
internal readonly record struct UnroutedEnd(PaymentStatus Status, string Reason, DateTimeOffset? DueAt, int QueueRounds);
