using CsCheck;

namespace Resilience.Payments.Tests.Storage;

public class PaymentRecordSerializerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

    private static readonly Gen<PaymentInstrument> GenInstrument = Gen.OneOf<PaymentInstrument>(
        Gen.Int[0, 29_999_999].Select(n => (PaymentInstrument)PaymentInstrument.MobileMoney("07" + (n % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Char["abcdefXYZ_"].Array[3, 20].Select(a => new string(a)).Select(t => (PaymentInstrument)PaymentInstrument.Card("AUTH_" + t)),
        Gen.Bool.Select(b => (PaymentInstrument)PaymentInstrument.Checkout("payer@example.org", b ? "0733123456" : null)));

    private static readonly Gen<PaymentAttempt> GenAttempt =
        Gen.Select(Gen.Int[1, 9], GenInstrument, Gen.Int[-1, 5], Gen.Int[0, 100_000], Gen.Bool)
            .Select((n, instrument, outcome, ms, action) => new PaymentAttempt
            {
                Number = n,
                Reference = $"key-{n}",
                Provider = "mpesa",
                Instrument = instrument,
                StartedAt = T0.AddMilliseconds(ms),
                CompletedAt = outcome < 0 ? null : T0.AddMilliseconds(ms + 5),
                Outcome = outcome < 0 ? null : (OutcomeKind)outcome,
                Source = outcome < 0 ? null : OutcomeSource.Callback,
                ProviderReference = outcome < 0 ? null : "ws_CO_" + ms,
                Receipt = outcome == 0 ? "NLJ7RT61SV" : null,
                Code = outcome == 3 ? "1032" : null,
                Reason = "reason ü ✓",
                Action = action ? new PaymentAction(PaymentActionKind.Redirect, new Uri("https://pay.example/x?y=1"), "Pay here") : null,
            });

    private static readonly Gen<PaymentRecord> GenRecord =
        Gen.Select(Gen.Int[1, 400_000], GenInstrument.Array[1, 3], GenAttempt.Array[0, 4], Gen.Int[0, 7], Gen.Bool, Gen.Int[0, 1000])
            .Select((cents, instruments, attempts, status, leased, rounds) => new PaymentRecord
            {
                Key = "key-" + cents,
                Fingerprint = "ABC" + cents,
                Request = new PaymentRequest
                {
                    IdempotencyKey = "key-" + cents,
                    Amount = new Money(cents / 100m, "KES"),
                    Instruments = instruments.DistinctBy(i => i.Masked + i.GetType().Name).ToArray(),
                    AccountReference = "KCA 123X",
                    Description = rounds % 2 == 0 ? null : "Parking",
                    Metadata = rounds % 3 == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["zone"] = "CBD", ["bay"] = "12" },
                    ExpiresAt = rounds % 5 == 0 ? null : T0.AddHours(1),
                    AllowQueue = rounds % 7 != 0,
                },
                Status = (PaymentStatus)status,
                Version = rounds,
                CreatedAt = T0,
                UpdatedAt = T0.AddSeconds(rounds),
                DueAt = status >= 3 ? null : T0.AddMinutes(1),
                LeaseOwner = leased ? "host:1/abc" : null,
                LeaseExpiresAt = leased ? T0.AddMinutes(2) : null,
                QueueRounds = rounds % 20,
                StatusChecks = rounds % 4,
                FailureReason = status == 6 ? "No provider could take the payment." : null,
                Attempts = attempts,
            });

    [Fact]
    public void Deserialize_SerializedRecord_RoundTripsEveryField()
    {
        GenRecord.Sample(record =>
        {
            var json = PaymentRecordSerializer.Serialize(record);
            var back = PaymentRecordSerializer.Deserialize(json);
            Assert.Equal(json, PaymentRecordSerializer.Serialize(back));
            Assert.Equal(record.Request.Amount, back.Request.Amount);
            Assert.Equal(record.Attempts.Count, back.Attempts.Count);
            Assert.Equal(record.Request.Instruments.Select(i => i.Canonical), back.Request.Instruments.Select(i => i.Canonical));
            Assert.Equal(Resilience.Payments.Internal.RequestFingerprint.Compute(record.Request), Resilience.Payments.Internal.RequestFingerprint.Compute(back.Request));
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"v\":2,\"key\":\"k\"}")]
    public void Deserialize_UnreadableDocument_ThrowsFormatException(string json) =>
        Assert.Throws<FormatException>(() => PaymentRecordSerializer.Deserialize(json));
}
