using System;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary><see cref="IPaymentStore.TryCreateAsync"/>: insert unless the key exists, else return the existing record.</summary>
internal sealed class CreateOperation(PaymentRecord stored, string document) : WriteOperation<(PaymentRecord Record, bool Created)>
{
    public override string? Key => stored.Key;

    protected override (PaymentRecord Record, bool Created) Run(SqliteConnection connection)
    {
        // One statement when the key is new (the usual case); the existing row is read only when it is not.
        if (PaymentRows.InsertUnlessExists(connection, stored, document))
        {
            return (stored, true);
        }

        var existing = PaymentRows.ReadDocument(connection, stored.Key)
            ?? throw new InvalidOperationException($"Payment {stored.Key} was neither inserted nor found.");
        return (PaymentRecordSerializer.Deserialize(existing), false);
    }
}
