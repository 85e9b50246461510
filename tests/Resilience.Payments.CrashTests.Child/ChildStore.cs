using System.Globalization;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.CrashTests;

/// <summary>The one place the child's store and requests are made.</summary>
internal static class ChildStore
{
    /// <summary>
    /// The lease: the shortest the options validator allows with a 1 s attempt timeout (it must exceed every attempt
    /// timeout by 10 s), so a killed child's claims are taken over 11 s later.
    /// </summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(11);

    /// <summary>Opens the durable store on the file: the crash test is only meaningful on it.</summary>
    public static SqlitePaymentStore Open(string path) =>
        new(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + path });

    /// <summary>The request for payment <paramref name="index"/> of a round: the same on every restart.</summary>
    public static PaymentRequest Request(int seed, int index, string key)
    {
        var random = new Random(HashCode.Combine(seed, index) & int.MaxValue);
        var amount = 50 + random.Next(351);
        var subscriber = (100_000 + random.Next(900_000)).ToString(CultureInfo.InvariantCulture);
        return new PaymentRequest
        {
            IdempotencyKey = key,
            Amount = Money.Kes(amount),
            Instruments = [PaymentInstrument.MobileMoney("+254712" + subscriber)],
            AccountReference = "INV-" + index.ToString(CultureInfo.InvariantCulture),
            Description = "crash test",
        };
    }
}
