namespace Resilience.Payments.Sqlite.Tests;

/// <summary>Records for the SQLite-specific tests; fixed timestamps only.</summary>
internal static class Records
{
    public static readonly DateTimeOffset T0 = new(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

    public static PaymentRecord Minimal(string key, PaymentStatus status = PaymentStatus.Processing, DateTimeOffset? dueAt = null) => new()
    {
        Key = key,
        Fingerprint = "F-" + key,
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] },
        Status = status,
        CreatedAt = T0,
        UpdatedAt = T0,
        DueAt = dueAt,
    };

    public static PaymentAttempt Attempt(string key, int number, string provider, string? providerReference) => new()
    {
        Number = number,
        Reference = $"{key}-{number}",
        Provider = provider,
        Instrument = PaymentInstrument.MobileMoney("0712345678"),
        StartedAt = T0,
        ProviderReference = providerReference,
    };
}
