using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// <see cref="IPaymentStore.TryUpdateAsync"/>: compare and swap on the version; nothing is written (and the result is
/// <see langword="null"/>) when the record holds a refund key indexed for another payment.
/// </summary>
internal sealed class UpdateOperation(PaymentRecord stored, string document, long expectedVersion) : WriteOperation<PaymentRecord?>
{
    public override string? Key => stored.Key;

    protected override PaymentRecord? Run(SqliteConnection connection) =>
        !PaymentRows.RefundKeysTaken(connection, stored, document) && PaymentRows.UpdateIfVersion(connection, stored, document, expectedVersion) ? stored : null;
}
