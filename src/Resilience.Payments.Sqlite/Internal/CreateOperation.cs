using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary><see cref="IPaymentStore.TryCreateAsync"/>: insert unless the key exists, else return the existing record.</summary>
internal sealed class CreateOperation(PaymentRecord stored, string document) : WriteOperation<(PaymentRecord Record, bool Created)>
{
    public override string? Key => stored.Key;

    protected override (PaymentRecord Record, bool Created) Run(SqliteConnection connection)
    {
        if (PaymentRows.ReadDocument(connection, stored.Key) is { } existing)
        {
            return (PaymentRecordSerializer.Deserialize(existing), false);
        }

        PaymentRows.Insert(connection, stored, document);
        return (stored, true);
    }
}
