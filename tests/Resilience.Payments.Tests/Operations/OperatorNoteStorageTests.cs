namespace Resilience.Payments.Tests.Operations;

public class OperatorNoteStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

    private static PaymentRecord Record() => new()
    {
        Key = "k",
        Request = new PaymentRequest { IdempotencyKey = "k", Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] },
        Status = PaymentStatus.Succeeded,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    [Fact]
    public void Serialize_OperatorNotes_RoundTrip()
    {
        var record = Record() with
        {
            OperatorNotes =
            [
                new OperatorNote { At = T0, Actor = "wanjiku", Action = OperatorActionKind.Review, Detail = "checked, \"ok\" ✓" },
                new OperatorNote { At = T0.AddMinutes(1), Actor = "api", Action = OperatorActionKind.Requeue },
            ],
        };

        var back = PaymentRecordSerializer.Deserialize(PaymentRecordSerializer.Serialize(record));

        Assert.Equal(record.OperatorNotes, back.OperatorNotes);
    }

    [Fact]
    public void Deserialize_DocumentWithoutNotes_ReadsAnEmptyAuditTrail()
    {
        var json = PaymentRecordSerializer.Serialize(Record());

        Assert.DoesNotContain("notes", json, StringComparison.Ordinal);
        Assert.Empty(PaymentRecordSerializer.Deserialize(json).OperatorNotes);
    }
}
