using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// <see cref="IPaymentStore.TryUpdateAsync"/>: compare and swap on the version, with the record's
/// <see cref="PaymentRecord.NewEvents"/> written in the same transaction; nothing is written (and the result is
/// <see langword="null"/>) when the record holds a refund key indexed for another payment.
/// </summary>
internal sealed class UpdateOperation(PaymentRecord record, PaymentRecord stored, string document) : WriteOperation<PaymentRecord?>
{
    public override string? Key => stored.Key;

    protected override PaymentRecord? Run(SqliteConnection connection)
    {
        if (PaymentRows.RefundKeysTaken(connection, stored, document) || !PaymentRows.UpdateIfVersion(connection, stored, document, record.Version))
        {
            return null;
        }

        PaymentEventRows.Insert(connection, record.NewEvents); // the record's events, in its transaction
        return stored;
    }
}
