using System;

namespace Resilience.Payments;

/// <summary>A question to a provider: what happened to this attempt?</summary>
public sealed record ProviderStatusRequest
{
    /// <summary>Gets the payment's idempotency key.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>Gets the attempt's reference (<c>{key}-{n}</c>).</summary>
    public required string AttemptReference { get; init; }

    /// <summary>Gets the provider's own reference, when the initiation returned one.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the amount of the attempt.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the instrument of the attempt.</summary>
    public required PaymentInstrument Instrument { get; init; }

    /// <summary>Gets when the attempt was sent to the provider (the gateway's clock).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// Gets the latest moment the attempt's request may still have been on its way to the provider, by the gateway's clock: when
    /// the provider answered, or, when it did not (a timeout, a dropped connection), when the gateway stopped waiting. Defaults
    /// to <see cref="StartedAt"/>.
    /// </summary>
    public DateTimeOffset LastInFlightAt { get; init; }

    /// <summary>
    /// Gets how much longer the provider is taking than usual right now: a stretch of the "not found" settle window computed by
    /// the gateway from the provider's recently observed latencies and timeouts (an overloaded provider may queue a request and
    /// process it well after the gateway stopped waiting). <see cref="TimeSpan.Zero"/> when the provider answers promptly.
    /// </summary>
    public TimeSpan ObservedDelay { get; init; }

    /// <summary>
    /// Returns whether a provider's "no such transaction" may now be read as "never charged" (<see cref="OutcomeKind.NotProcessed"/>):
    /// <paramref name="settleTime"/> (the provider's own processing lag, from the adapter's options) plus
    /// <see cref="ObservedDelay"/> have passed since <see cref="LastInFlightAt"/> (or <see cref="StartedAt"/>, whichever is later).
    /// Before that, "not found" proves nothing and the answer is <see cref="OutcomeKind.Unknown"/> (safety rule 11).
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="settleTime">The provider's documented or observed processing lag.</param>
    /// <returns><see langword="true"/> when "not found" is conclusive.</returns>
    public bool NotFoundIsConclusive(DateTimeOffset now, TimeSpan settleTime) => now >= NotFoundConclusiveAt(settleTime);

    /// <summary>Returns when a "no such transaction" answer becomes conclusive (see <see cref="NotFoundIsConclusive"/>).</summary>
    /// <param name="settleTime">The provider's documented or observed processing lag.</param>
    /// <returns>The moment.</returns>
    public DateTimeOffset NotFoundConclusiveAt(TimeSpan settleTime)
    {
        var from = LastInFlightAt > StartedAt ? LastInFlightAt : StartedAt;
        var delay = ObservedDelay > TimeSpan.Zero ? ObservedDelay : TimeSpan.Zero;
        return from + (settleTime > TimeSpan.Zero ? settleTime : TimeSpan.Zero) + delay;
    }

    /// <summary>Gets the account reference the payer saw (for providers that can only be reconciled by statement matching).</summary>
    public string? AccountReference { get; init; }
}
