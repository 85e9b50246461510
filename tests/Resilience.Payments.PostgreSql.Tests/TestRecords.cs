namespace Resilience.Payments.PostgreSql.Tests;

internal static class TestRecords
{
    public static PaymentRecord Queued(string key, DateTimeOffset now, DateTimeOffset? dueAt = null) => new()
    {
        Key = key,
        Fingerprint = "fp-" + key,
        Request = new PaymentRequest
        {
            IdempotencyKey = key,
            Amount = new Money(100m, "KES"),
            Instruments = [new MobileMoneyInstrument(PhoneNumber.Parse("254712345678"))],
            AccountReference = "ACC-1",
        },
        Status = PaymentStatus.Queued,
        CreatedAt = now,
        UpdatedAt = now,
        DueAt = dueAt ?? now,
    };
}
