using System;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// <see cref="IPaymentStore.TryCreateAsync"/>: insert unless the key exists (with the record's
/// <see cref="PaymentRecord.NewEvents"/>, in the same transaction), else return the existing record. A new record holding a
/// refund key indexed for another payment is not written: the caller gets its own record back, not created (as the in-memory store).
/// </summary>
internal sealed class CreateOperation(PaymentRecord record, PaymentRecord stored, string document) : WriteOperation<(PaymentRecord Record, bool Created)>
{
    public override string? Key => stored.Key;

    protected override (PaymentRecord Record, bool Created) Run(SqliteConnection connection)
    {
        // One statement when the key is new (the usual case); the existing row is read only when it is not.
        if (!PaymentRows.RefundKeysTaken(connection, stored, document) && PaymentRows.InsertUnlessExists(connection, stored, document))
        {
            PaymentEventRows.Insert(connection, record.NewEvents); // the record's events, in its transaction
            return (stored, true);
        }

        if (PaymentRows.ReadDocument(connection, stored.Key) is { } existing)
        {
            return (PaymentRecordSerializer.Deserialize(existing), false);
        }

        return stored.Refunds.Count > 0 ? (record, false) : throw new InvalidOperationException($"Payment {stored.Key} was neither inserted nor found.");
    }
}
