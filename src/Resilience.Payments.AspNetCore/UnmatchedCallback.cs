using System;
using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// A verified or confirmed callback that matched no payment (<see cref="ProviderUpdateDisposition.UnknownReference"/>): kept
/// for audit, because it may be money that moved for an attempt whose reference never reached the ledger (for example an
/// STK push that charged but got no reply). Holds references and the outcome only, never personal data.
/// </summary>
/// <param name="Provider">The provider whose endpoint received it.</param>
/// <param name="AttemptReference">The attempt reference it named, if any.</param>
/// <param name="ProviderReference">The provider's reference it named (for example a CheckoutRequestID), if any.</param>
/// <param name="Outcome">The outcome it reported (as confirmed, for unsigned callbacks).</param>
/// <param name="Receipt">The provider's receipt, for a success (for example an M-Pesa receipt number).</param>
/// <param name="References">Every reference the callback named.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record UnmatchedCallback(
    string Provider,
    string? AttemptReference,
    string? ProviderReference,
    OutcomeKind Outcome,
    string? Receipt,
    IReadOnlyList<string> References,
    DateTimeOffset ReceivedAt);
