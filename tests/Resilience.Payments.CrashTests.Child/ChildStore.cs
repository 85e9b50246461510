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
        var random = new Random(Stable(seed, index, 0)); // not HashCode.Combine: its seed changes with every process
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

    /// <summary>
    /// The refunds the application asks for of payment <paramref name="index"/> once it has succeeded, the same on every run: none
    /// for most, else one full refund, one partial, two partials (the second refused before sending when it exceeds what is left),
    /// or a partial then the rest. <c>Retry</c> marks a refund asked for twice at once under its key.
    /// </summary>
    public static IReadOnlyList<(RefundRequest Request, bool Retry)> Refunds(int seed, int index, string key, Money charged)
    {
        var random = new Random(Stable(seed, index, 1));
        var roll = random.Next(100);
        var reason = "crash test refund";
        RefundRequest Refund(int n, decimal? amount) => new()
        {
            RefundKey = string.Create(CultureInfo.InvariantCulture, $"{key}:r{n}"),
            PaymentKey = key,
            Amount = amount is { } a ? Money.Kes(a) : null,
            Reason = reason,
        };

        decimal Part() => 1 + random.Next((int)charged.Amount - 1);
        List<RefundRequest> plan = roll switch
        {
            < 50 => [],
            < 65 => [Refund(1, null)],
            < 80 => [Refund(1, Part())],
            < 90 => [Refund(1, Part()), Refund(2, Part())],
            _ => [Refund(1, Part()), Refund(2, null)],
        };
        return plan.Select(request => (request, random.Next(100) < 30)).ToList();
    }

    private static int Stable(int seed, int index, int purpose) => (int)((((uint)seed * 1_000_003u) + ((uint)index * 7_919u) + ((uint)purpose * 104_729u)) & int.MaxValue);
}
