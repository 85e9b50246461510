using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// What a store adds for refunds, beside <see cref="IPaymentStore"/>: refunds live inside their <see cref="PaymentRecord"/>
/// (<see cref="PaymentRecord.Refunds"/>), and the store indexes them by key and by reference, and payments by account reference.
/// The in-memory, SQLite and PostgreSQL stores implement it.
/// </summary>
/// <remarks>
/// Every <see cref="IPaymentStore.TryCreateAsync"/> and <see cref="IPaymentStore.TryUpdateAsync"/> indexes the record's refunds in
/// the same atomic write. A refund key is unique across payments: a write whose record holds a refund key already indexed for
/// another payment changes nothing and returns <see langword="null"/> (as a version conflict does).
/// </remarks>
public interface IRefundStore
{
    /// <summary>Finds the payment that holds the refund with this key.</summary>
    /// <param name="refundKey">The refund's idempotency key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<PaymentRecord?> FindByRefundKeyAsync(string refundKey, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the payment that holds a refund through <paramref name="provider"/> (ignoring case) whose <see cref="PaymentRefund.Reference"/>
    /// or <see cref="PaymentRefund.ProviderReference"/> equals <paramref name="reference"/>.
    /// </summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="reference">The refund's reference or the provider's reference for it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<PaymentRecord?> FindByRefundReferenceAsync(string provider, string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the payments with this account reference (compared exactly) created at or after <paramref name="since"/>, oldest first,
    /// at most <paramref name="limit"/>: how the gateway spots the same bill paid under two keys.
    /// </summary>
    /// <param name="accountReference">The account reference.</param>
    /// <param name="since">The earliest creation time.</param>
    /// <param name="limit">The most records to return.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<PaymentRecord>> ListByAccountReferenceAsync(string accountReference, DateTimeOffset since, int limit, CancellationToken cancellationToken);
}
