using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class RequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static PaymentRequest Valid(string key = "inv-2024-001") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    private static string[] Fields(PaymentRequest request)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => RequestValidator.ThrowIfInvalid(request, Now));
        return ex.Errors.Select(e => e.Field).ToArray();
    }

    [Fact]
    public void ThrowIfInvalid_ValidRequest_DoesNotThrow()
    {
        RequestValidator.ThrowIfInvalid(Valid(), Now);
    }

    [Fact]
    public void ThrowIfInvalid_NullRequest_NamesRequest()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => RequestValidator.ThrowIfInvalid(null, Now));

        Assert.Equal("request", ex.ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ThrowIfInvalid_MissingKey_NamesIdempotencyKey(string? key)
    {
        Assert.Equal(["IdempotencyKey"], Fields(Valid(key!)));
    }

    [Fact]
    public void ThrowIfInvalid_KeyOf41Characters_NamesIdempotencyKey()
    {
        Assert.Equal(["IdempotencyKey"], Fields(Valid(new string('k', 41))));
    }

    [Fact]
    public void ThrowIfInvalid_KeyOf40Characters_IsAccepted()
    {
        RequestValidator.ThrowIfInvalid(Valid(new string('k', 40)), Now);
    }

    [Theory]
    [InlineData("inv 1")]
    [InlineData("inv/1")]
    [InlineData("inv\\1")]
    [InlineData("clé-1")]
    [InlineData("inv١")]
    [InlineData("inv+1")]
    [InlineData("inv\n1")]
    public void ThrowIfInvalid_KeyWithBadCharacter_NamesIdempotencyKey(string key)
    {
        Assert.Equal(["IdempotencyKey"], Fields(Valid(key)));
    }

    [Fact]
    public void ThrowIfInvalid_KeyWithAllAllowedPunctuation_IsAccepted()
    {
        RequestValidator.ThrowIfInvalid(Valid("A-z_0.9:x"), Now);
    }

    [Fact]
    public void ThrowIfInvalid_DefaultAmount_NamesAmount()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = default, Instruments = Valid().Instruments };

        Assert.Equal(["Amount"], Fields(request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-0.01)]
    public void ThrowIfInvalid_NonPositiveAmount_NamesAmount(double amount)
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes((decimal)amount), Instruments = Valid().Instruments };

        Assert.Equal(["Amount"], Fields(request));
    }

    [Theory]
    [InlineData("100000000000000000", "KES")] // 10^19 cents: beyond long
    [InlineData("90071992547409.92", "KES")] // one cent beyond 2^53 - 1
    [InlineData("79228162514264337593543950335", "UGX")] // decimal.MaxValue
    public void ThrowIfInvalid_AmountBeyondMaxMinorUnits_NamesAmount(string amount, string currency)
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = "k1",
            Amount = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency),
            Instruments = Valid().Instruments,
        };

        Assert.Equal(["Amount"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_AnyAmountInMinorUnits_AcceptedExactlyUpToMaxMinorUnits()
    {
        var currencies = Currency.All.ToArray();
        var minor = Gen.OneOf(
            Gen.Long[1, long.MaxValue],
            Gen.Long[Money.MaxMinorUnits - 1_000, Money.MaxMinorUnits + 1_000],
            Gen.Long[1, 1_000_000_000L]);
        Deterministic.ForAll(Gen.Select(Gen.OneOf(currencies.Select(Gen.Const).ToArray()), minor), t =>
        {
            var (currency, units) = t;
            var amount = new Money(units / (decimal)Math.Pow(10, currency.MinorUnits), currency.Code);
            var request = new PaymentRequest { IdempotencyKey = "k1", Amount = amount, Instruments = Valid().Instruments };

            if (units <= Money.MaxMinorUnits)
            {
                RequestValidator.ThrowIfInvalid(request, Now);
                Assert.Equal(units, amount.ToMinorUnits());
            }
            else
            {
                Assert.Equal(["Amount"], Fields(request));
            }
        }, count: 500);
    }

    [Fact]
    public void ThrowIfInvalid_NullInstruments_NamesInstruments()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = null! };

        Assert.Equal(["Instruments"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_EmptyInstruments_NamesInstruments()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = [] };

        Assert.Equal(["Instruments"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_NullInstrumentElement_NamesItsIndex()
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = "k1",
            Amount = Money.Kes(1m),
            Instruments = [PaymentInstrument.MobileMoney("0712345678"), null!],
        };

        Assert.Equal(["Instruments[1]"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_SameInstrumentTwiceInDifferentFormats_NamesSecondIndex()
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = "k1",
            Amount = Money.Kes(1m),
            Instruments =
            [
                PaymentInstrument.MobileMoney("0712345678"),
                PaymentInstrument.Card("AUTH_abc123"),
                PaymentInstrument.MobileMoney("+254 712 345 678"),
            ],
        };

        Assert.Equal(["Instruments[2]"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_AccountReferenceOf65_NamesAccountReference()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, AccountReference = new string('r', 65) };

        Assert.Equal(["AccountReference"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_AccountReferenceOf64AndDescriptionOf140_AreAccepted()
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = "k1",
            Amount = Money.Kes(1m),
            Instruments = Valid().Instruments,
            AccountReference = new string('r', 64),
            Description = new string('d', 140),
        };

        RequestValidator.ThrowIfInvalid(request, Now);
    }

    [Fact]
    public void ThrowIfInvalid_DescriptionOf141_NamesDescription()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Description = new string('d', 141) };

        Assert.Equal(["Description"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_33MetadataEntries_NamesMetadata()
    {
        var metadata = Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", i => "v");
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = metadata };

        Assert.Equal(["Metadata"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_32MetadataEntries_AreAccepted()
    {
        var metadata = Enumerable.Range(0, 32).ToDictionary(i => $"k{i}", i => "v");
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = metadata };

        RequestValidator.ThrowIfInvalid(request, Now);
    }

    [Fact]
    public void ThrowIfInvalid_NullMetadataValue_NamesTheKey()
    {
        var metadata = new Dictionary<string, string> { ["plate"] = "KDA 123A", ["zone"] = null! };
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = metadata };

        Assert.Equal(["Metadata[zone]"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_MetadataValueOf513_NamesTheKey()
    {
        var metadata = new Dictionary<string, string> { ["note"] = new string('x', 513) };
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = metadata };

        Assert.Equal(["Metadata[note]"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_MetadataKeyOf65_NamesMetadata()
    {
        var metadata = new Dictionary<string, string> { [new string('k', 65)] = "v" };
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = metadata };

        Assert.Equal(["Metadata"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_NullMetadata_NamesMetadata()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, Metadata = null! };

        Assert.Equal(["Metadata"], Fields(request));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void ThrowIfInvalid_ExpiryNotInFuture_NamesExpiresAt(int secondsFromNow)
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, ExpiresAt = Now.AddSeconds(secondsFromNow) };

        Assert.Equal(["ExpiresAt"], Fields(request));
    }

    [Fact]
    public void ThrowIfInvalid_ExpiryInFuture_IsAccepted()
    {
        var request = new PaymentRequest { IdempotencyKey = "k1", Amount = Money.Kes(1m), Instruments = Valid().Instruments, ExpiresAt = Now.AddSeconds(1) };

        RequestValidator.ThrowIfInvalid(request, Now);
    }

    [Fact]
    public void ThrowIfInvalid_SeveralProblems_ReportsEveryFieldAndFirstAsParamName()
    {
        var request = new PaymentRequest
        {
            IdempotencyKey = "bad key",
            Amount = Money.Kes(0m),
            Instruments = [],
            Description = new string('d', 141),
            ExpiresAt = Now.AddMinutes(-5),
        };

        var ex = Assert.Throws<PaymentValidationException>(() => RequestValidator.ThrowIfInvalid(request, Now));

        Assert.Equal(["IdempotencyKey", "Amount", "Instruments", "Description", "ExpiresAt"], ex.Errors.Select(e => e.Field));
        Assert.Equal("IdempotencyKey", ex.ParamName);
    }

    [Fact]
    public void ThrowIfInvalid_RandomValidRequest_NeverThrows()
    {
        var keyChars = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:"];
        var instrument = Gen.OneOf(
            Gen.Select(Gen.OneOf('7', '1'), Gen.String[Gen.Char['0', '9'], 8, 8]).Select(t => (PaymentInstrument)PaymentInstrument.MobileMoney("0" + t.Item1 + t.Item2)),
            Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(s => (PaymentInstrument)PaymentInstrument.Card("AUTH_" + s)),
            Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(s => (PaymentInstrument)PaymentInstrument.Checkout(s + "@example.com")));
        var gen = Gen.Select(
            Gen.String[keyChars, 1, 40],
            Gen.Long[1, 1_000_000_000L],
            instrument.Array[1, 4],
            Gen.String[Gen.Char, 0, 64].Null(),
            Gen.String[Gen.Char, 0, 140].Null(),
            Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 1, 64], Gen.String[Gen.Char, 0, 512])[0, 32],
            Gen.Int[1, 1_000_000].Nullable(),
            Gen.Bool);

        Deterministic.ForAll(gen, t =>
        {
            var (key, cents, instruments, reference, description, metadata, expirySeconds, allowQueue) = t;
            var request = new PaymentRequest
            {
                IdempotencyKey = key,
                Amount = new Money(cents / 100m, "KES"),
                Instruments = instruments.DistinctBy(i => i.Canonical).ToArray(),
                AccountReference = reference,
                Description = description,
                Metadata = metadata,
                ExpiresAt = expirySeconds is { } s ? Now.AddSeconds(s) : null,
                AllowQueue = allowQueue,
            };

            RequestValidator.ThrowIfInvalid(request, Now);
        });
    }
}
