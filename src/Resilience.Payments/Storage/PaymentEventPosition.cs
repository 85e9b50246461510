using System;

namespace Resilience.Payments;

/// <summary>
/// Where an event sits in a store's outbox: events are delivered in ascending position. <see cref="Commit"/> orders
/// the writing transactions as they became visible (PostgreSQL: the transaction id, so that an event of a transaction
/// still in flight is never skipped; 0 in stores whose <see cref="Sequence"/> alone follows commit order), then
/// <see cref="Sequence"/> orders the events of one transaction.
/// </summary>
/// <param name="Commit">The writing transaction's place in commit order; 0 where the sequence alone orders.</param>
/// <param name="Sequence">The event's number, ascending within a transaction.</param>
public readonly record struct PaymentEventPosition(long Commit, long Sequence) : IComparable<PaymentEventPosition>
{
    /// <summary>Gets the position before every event: a new subscription starts here.</summary>
    public static PaymentEventPosition Start => default;

    /// <summary>Compares by <see cref="Commit"/>, then <see cref="Sequence"/>.</summary>
    /// <param name="left">The left position.</param>
    /// <param name="right">The right position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> comes first.</returns>
    public static bool operator <(PaymentEventPosition left, PaymentEventPosition right) => left.CompareTo(right) < 0;

    /// <summary>Compares by <see cref="Commit"/>, then <see cref="Sequence"/>.</summary>
    /// <param name="left">The left position.</param>
    /// <param name="right">The right position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> comes later.</returns>
    public static bool operator >(PaymentEventPosition left, PaymentEventPosition right) => left.CompareTo(right) > 0;

    /// <summary>Compares by <see cref="Commit"/>, then <see cref="Sequence"/>.</summary>
    /// <param name="left">The left position.</param>
    /// <param name="right">The right position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> does not come later.</returns>
    public static bool operator <=(PaymentEventPosition left, PaymentEventPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Compares by <see cref="Commit"/>, then <see cref="Sequence"/>.</summary>
    /// <param name="left">The left position.</param>
    /// <param name="right">The right position.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> does not come first.</returns>
    public static bool operator >=(PaymentEventPosition left, PaymentEventPosition right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public int CompareTo(PaymentEventPosition other)
    {
        var byCommit = Commit.CompareTo(other.Commit);
        return byCommit != 0 ? byCommit : Sequence.CompareTo(other.Sequence);
    }
}
