using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class RequestFingerprintTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static PaymentRequest Base() => new()
    {
        IdempotencyKey = "inv-2024-001",
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.Card("AUTH_abc123"), PaymentInstrument.Checkout("jane@example.com", "0733000111")],
        AccountReference = "KDA 123A",
        Description = "Parking",
        Metadata = new Dictionary<string, string> { ["zone"] = "CBD", ["county"] = "Nairobi" },
        ExpiresAt = Expiry,
        AllowQueue = true,
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_IsTheSameTextAndHashAsTheFirstImplementation(string change)
    {
        // Durable stores keep fingerprints: an optimisation must never change one.
        Assert.Equal(LegacyCompute(Base()), RequestFingerprint.Compute(Base()));
        Assert.Equal(LegacyCompute(Change(change)), RequestFingerprint.Compute(Change(change)));
    }

    [Fact]
    public void Compute_LongAndNonAsciiFields_IsTheSameAsTheFirstImplementation()
    {
        var metadata = Enumerable.Range(0, PaymentRequest.MaxMetadataEntries)
            .ToDictionary(i => $"k\u00e9y-{31 - i}", i => new string('\u20ac', 400) + "\ud83d\ude00" + i);
        var request = With(Base(), description: "Maegesho \u2014 \u00e9t\u00e9 \ud800 lone surrogate", metadata: metadata, amount: Money.Kes(1234567.5m));

        Assert.Equal(LegacyCompute(request), RequestFingerprint.Compute(request));
        Assert.Equal(LegacyCompute(With(Base(), metadata: new Dictionary<string, string>())), RequestFingerprint.Compute(With(Base(), metadata: new Dictionary<string, string>())));
    }

    [Fact]
    public void FormatAmount_AnyDecimal_IsTheCustomFormatsText()
    {
        // The amount's text is built without the custom format string; it must be the same text for every decimal.
        static void Check(decimal amount)
        {
            Span<char> buffer = stackalloc char[64];
            var written = RequestFingerprint.FormatAmount(amount, buffer);
            Assert.Equal(amount.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture), buffer[..written].ToString());
        }

        Gen.Decimal.Sample(Check, iter: 20000);
        foreach (var amount in new[] { 0m, 0.00m, -0.00m, 1m, 200m, 200.00m, 200.10m, 0.5m, 0.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, 1000000m, 1.000000000m, 12345.6789000m, -12.50m })
        {
            Check(amount);
        }
    }

    [Fact]
    public void Compute_ManyAmounts_IsTheSameAsTheFirstImplementation()
    {
        Gen.Decimal[0.01m, 10_000_000m].Select(d => decimal.Round(d, 2)).Where(d => d > 0).Sample(amount =>
        {
            var request = With(Base(), amount: Money.Kes(amount));
            Assert.Equal(LegacyCompute(request), RequestFingerprint.Compute(request));
        }, iter: 2000);
    }

    /// <summary>The first implementation (StringBuilder, LINQ, byte array), kept to prove the optimised one hashes the same text.</summary>
    private static string LegacyCompute(PaymentRequest request)
    {
        var text = new System.Text.StringBuilder(256);
        void Append(string? value)
        {
            if (value is null)
            {
                text.Append("-1:");
                return;
            }

            text.Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        Append(request.IdempotencyKey);
        Append(request.Amount.Currency);
        Append(request.Amount.Amount.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture));
        Append(request.Instruments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var instrument in request.Instruments)
        {
            Append(instrument.Canonical);
        }

        Append(request.AccountReference);
        Append(request.Description);
        Append(request.ExpiresAt?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(request.AllowQueue ? "q" : "n");
        foreach (var (key, value) in request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Append(key);
            Append(value);
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static TheoryData<string> Changes => new()
    {
        "key", "amount", "currency", "amountScale", "instrument0", "instrument1", "instrumentCheckoutEmail", "instrumentCheckoutPhone",
        "instrumentOrder", "instrumentRemoved", "accountReference", "accountReferenceNull", "description", "descriptionNull",
        "expiry", "expiryNull", "allowQueue", "metadataValue", "metadataKey", "metadataAdded",
    };

    private static PaymentRequest Change(string change)
    {
        var b = Base();
        return change switch
        {
            "key" => new PaymentRequest { IdempotencyKey = "inv-2024-002", Amount = b.Amount, Instruments = b.Instruments, AccountReference = b.AccountReference, Description = b.Description, Metadata = b.Metadata, ExpiresAt = b.ExpiresAt },
            "amount" => With(b, amount: Money.Kes(200.01m)),
            "currency" => With(b, amount: new Money(200m, "UGX")),
            "amountScale" => With(b, amount: Money.Kes(2000m)),
            "instrument0" => With(b, instruments: [PaymentInstrument.MobileMoney("0712345679"), b.Instruments[1], b.Instruments[2]]),
            "instrument1" => With(b, instruments: [b.Instruments[0], PaymentInstrument.Card("AUTH_abc124"), b.Instruments[2]]),
            "instrumentCheckoutEmail" => With(b, instruments: [b.Instruments[0], b.Instruments[1], PaymentInstrument.Checkout("joan@example.com", "0733000111")]),
            "instrumentCheckoutPhone" => With(b, instruments: [b.Instruments[0], b.Instruments[1], PaymentInstrument.Checkout("jane@example.com", "0733000112")]),
            "instrumentOrder" => With(b, instruments: [b.Instruments[1], b.Instruments[0], b.Instruments[2]]),
            "instrumentRemoved" => With(b, instruments: [b.Instruments[0], b.Instruments[1]]),
            "accountReference" => With(b, accountReference: "KDA 123B"),
            "accountReferenceNull" => With(b, accountReference: null, clearAccountReference: true),
            "description" => With(b, description: "Parking fee"),
            "descriptionNull" => With(b, description: null, clearDescription: true),
            "expiry" => With(b, expiresAt: Expiry.AddTicks(1)),
            "expiryNull" => With(b, expiresAt: null, clearExpiry: true),
            "allowQueue" => With(b, allowQueue: false),
            "metadataValue" => With(b, metadata: new Dictionary<string, string> { ["zone"] = "CBE", ["county"] = "Nairobi" }),
            "metadataKey" => With(b, metadata: new Dictionary<string, string> { ["zone2"] = "CBD", ["county"] = "Nairobi" }),
            "metadataAdded" => With(b, metadata: new Dictionary<string, string> { ["zone"] = "CBD", ["county"] = "Nairobi", ["x"] = string.Empty }),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
    }

    private static PaymentRequest With(
        PaymentRequest b,
        Money? amount = null,
        IReadOnlyList<PaymentInstrument>? instruments = null,
        string? accountReference = null,
        bool clearAccountReference = false,
        string? description = null,
        bool clearDescription = false,
        DateTimeOffset? expiresAt = null,
        bool clearExpiry = false,
        bool? allowQueue = null,
        IReadOnlyDictionary<string, string>? metadata = null) => new()
        {
            IdempotencyKey = b.IdempotencyKey,
            Amount = amount ?? b.Amount,
            Instruments = instruments ?? b.Instruments,
            AccountReference = clearAccountReference ? null : accountReference ?? b.AccountReference,
            Description = clearDescription ? null : description ?? b.Description,
            ExpiresAt = clearExpiry ? null : expiresAt ?? b.ExpiresAt,
            AllowQueue = allowQueue ?? b.AllowQueue,
            Metadata = metadata ?? b.Metadata,
        };

    [Fact]
    public void Compute_SameRequestBuiltTwice_GivesSameFingerprint()
    {
        Assert.Equal(RequestFingerprint.Compute(Base()), RequestFingerprint.Compute(Base()));
    }

    [Fact]
    public void Compute_PhoneInDifferentFormat_GivesSameFingerprint()
    {
        var b = Base();
        var other = With(b, instruments: [PaymentInstrument.MobileMoney("+254 712 345 678"), b.Instruments[1], b.Instruments[2]]);

        Assert.Equal(RequestFingerprint.Compute(b), RequestFingerprint.Compute(other));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_OneFieldChanged_GivesDifferentFingerprint(string change)
    {
        Assert.NotEqual(RequestFingerprint.Compute(Base()), RequestFingerprint.Compute(Change(change)));
    }

    [Fact]
    public void Compute_MetadataInsertedInOtherOrder_GivesSameFingerprint()
    {
        var other = With(Base(), metadata: new Dictionary<string, string> { ["county"] = "Nairobi", ["zone"] = "CBD" });

        Assert.Equal(RequestFingerprint.Compute(Base()), RequestFingerprint.Compute(other));
    }

    [Fact]
    public void Compute_EmptyVersusNullDescription_GivesDifferentFingerprints()
    {
        var empty = With(Base(), description: string.Empty);
        var none = With(Base(), description: null, clearDescription: true);

        Assert.NotEqual(RequestFingerprint.Compute(empty), RequestFingerprint.Compute(none));
    }

    [Fact]
    public void Compute_TextMovedBetweenAdjacentFields_GivesDifferentFingerprints()
    {
        var a = With(Base(), accountReference: "ab", description: "c");
        var b = With(Base(), accountReference: "a", description: "bc");

        Assert.NotEqual(RequestFingerprint.Compute(a), RequestFingerprint.Compute(b));
    }

    [Fact]
    public void Compute_RandomDifferentKeyAndDescriptionPairs_NeverCollide()
    {
        var keyChars = Gen.Char["ABCabc019-_.:"];
        var pair = Gen.Select(Gen.String[keyChars, 1, 12], Gen.String[Gen.Char, 0, 12].Null(0.1));
        var gen = Gen.Select(pair, pair).Where(t => t.Item1 != t.Item2);

        Deterministic.ForAll(gen, t =>
        {
            var ((key1, description1), (key2, description2)) = t;
            var first = new PaymentRequest { IdempotencyKey = key1, Amount = Money.Kes(1m), Instruments = Base().Instruments, Description = description1 };
            var second = new PaymentRequest { IdempotencyKey = key2, Amount = Money.Kes(1m), Instruments = Base().Instruments, Description = description2 };

            Assert.NotEqual(RequestFingerprint.Compute(first), RequestFingerprint.Compute(second));
        }, count: 500);
    }

    [Fact]
    public void Compute_SameAmountWithTrailingZeros_GivesSameFingerprint()
    {
        var other = With(Base(), amount: Money.Kes(200.00m));

        Assert.Equal(RequestFingerprint.Compute(Base()), RequestFingerprint.Compute(other));
    }

    [Fact]
    public void Compute_CardTokenCaseChanged_GivesDifferentFingerprint()
    {
        var b = Base();
        var other = With(b, instruments: [b.Instruments[0], PaymentInstrument.Card("auth_abc123"), b.Instruments[2]]);

        Assert.NotEqual(RequestFingerprint.Compute(b), RequestFingerprint.Compute(other));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Equivalent_OneFieldChanged_IsFalseLikeTheFingerprints(string change)
    {
        Assert.True(RequestFingerprint.Equivalent(Base(), Base()));
        Assert.False(RequestFingerprint.Equivalent(Base(), Change(change)));
        Assert.False(RequestFingerprint.Equivalent(Change(change), Base()));
    }

    [Fact]
    public void Equivalent_MetadataKeysDifferOnlyInCaseUnderACaseInsensitiveComparer_IsFalseLikeTheFingerprints()
    {
        // The fingerprint lists keys as text: "Zone" and "zone" differ whatever comparer a dictionary was built with.
        var upper = With(Base(), metadata: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Zone"] = "CBD" });
        var lower = With(Base(), metadata: new Dictionary<string, string> { ["zone"] = "CBD" });

        Assert.NotEqual(RequestFingerprint.Compute(upper), RequestFingerprint.Compute(lower));
        Assert.False(RequestFingerprint.Equivalent(upper, lower));
        Assert.False(RequestFingerprint.Equivalent(lower, upper));
    }

    private static Gen<T> Of<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void Equivalent_AnyTwoRequests_AgreesWithComparingFingerprints()
    {
        // Requests drawn from small pools, so that most pairs share most fields and many are equal.
        var genMetadata = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Bool, (count, value, ignoreCase) =>
        {
            var keys = new[] { "zone", "Zone", "county", "x" };
            IReadOnlyDictionary<string, string> metadata = ignoreCase ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, string>(StringComparer.Ordinal);
            var dictionary = (Dictionary<string, string>)metadata;
            foreach (var key in keys.Take(count))
            {
                dictionary.TryAdd(key, value == 0 ? string.Empty : "v" + value);
            }

            return metadata;
        });
        var genRequest = Gen.Select(
            Of("k1", "k2"),
            Of(200m, 200.00m, 200.5m, -0m),
            Of("KES", "TZS"),
            Gen.Int[0, 3],
            Of<string?>(null, string.Empty, "KCA 1", "KCA 2"),
            Of<long?>(null, Expiry.UtcTicks, Expiry.UtcTicks + 1),
            Gen.Bool,
            genMetadata,
            (key, amount, currency, instruments, reference, expiry, queue, metadata) => new PaymentRequest
            {
                IdempotencyKey = key,
                Amount = new Money(amount, currency),
                Instruments = new PaymentInstrument[] { PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.Card("tok_1"), PaymentInstrument.MobileMoney("+254712345678") }.Skip(instruments % 2).Take(instruments).ToArray(),
                AccountReference = reference,
                Description = reference is null ? null : "Parking",
                ExpiresAt = expiry is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(3)) : null,
                AllowQueue = queue,
                Metadata = metadata,
            });

        Gen.Select(genRequest, genRequest).Sample(
            (a, b) => RequestFingerprint.Equivalent(a, b) == (RequestFingerprint.Compute(a) == RequestFingerprint.Compute(b)),
            iter: 5000,
            seed: "0N0XIzNsQ0O2");
    }
}
