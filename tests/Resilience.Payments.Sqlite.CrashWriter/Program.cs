using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments;
using Resilience.Payments.Sqlite;

// Usage: CrashWriter <database file> <writers>
// Writes payments from several concurrent writers for ever; after each acknowledged write prints "c <key>" (created,
// version 1) or "u <key>" (updated, version 2). The crash test kills this process (SIGKILL) at an arbitrary instant and
// checks that every acknowledged write is in the file.
var store = new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = $"Data Source={args[0]}" });
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var output = Console.Out;
var gate = new object();
var t0 = new DateTimeOffset(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

void Ack(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"crash-{w}-{i}");
        var record = new PaymentRecord
        {
            Key = key,
            Fingerprint = "F-" + key,
            Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(10m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] },
            Status = PaymentStatus.Processing,
            CreatedAt = t0,
            UpdatedAt = t0,
        };
        var (stored, _) = await store.TryCreateAsync(record, CancellationToken.None);
        Ack("c " + key);
        if (await store.TryUpdateAsync(stored with { Status = PaymentStatus.Succeeded }, CancellationToken.None) is not null)
        {
            Ack("u " + key);
        }
    }
})));
