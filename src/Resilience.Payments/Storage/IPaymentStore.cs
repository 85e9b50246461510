using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// The payment ledger and queue. Durable implementations (SQLite, PostgreSQL) must make every method
/// atomic and every acknowledged write durable: a crash at any instant may lose no acknowledged write.
/// </summary>
public interface IPaymentStore
{
    /// <summary>Reads a payment by its idempotency key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Finds the payment that holds an attempt with this provider reference.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="providerReference">The provider's reference for the attempt.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken);

    /// <summary>Inserts a new payment unless its key exists. Atomic: of concurrent calls with one key exactly one creates.</summary>
    /// <param name="record">The record, with <see cref="PaymentRecord.Version"/> 0.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored record (version 1) and <see langword="true"/>, or the existing record and <see langword="false"/>.</returns>
    ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a payment if its stored version still equals <paramref name="record"/>'s <see cref="PaymentRecord.Version"/>
    /// (compare and swap). Writes the record with the version incremented.
    /// </summary>
    /// <param name="record">The new state, carrying the version it was derived from.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored record, or <see langword="null"/> when another writer changed it first.</returns>
    ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken);

    /// <summary>Atomically leases due payments to a worker (see <see cref="PaymentClaim"/>); each claimed record's version is incremented.</summary>
    /// <param name="claim">What to claim.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The claimed records, as stored.</returns>
    ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken);

    /// <summary>Lists payments matching the query, ordered by creation time then key (oldest first).</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken);

    /// <summary>Counts payments by status.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The count of each status that has any.</returns>
    ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken);
}
