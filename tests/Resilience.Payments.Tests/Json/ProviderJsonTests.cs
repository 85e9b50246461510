using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Resilience.Payments.Json;

namespace Resilience.Payments.Tests.Json;

public class ProviderJsonTests
{
    /// <summary>Bytes a provider might send: JSON-ish fragments, broken UTF-8, controls and any bytes, mixed.</summary>
    private static readonly Gen<byte[]> AnyBody = Gen.OneOf(
            Gen.OneOf(Gen.Const("{"), Gen.Const("}"), Gen.Const("["), Gen.Const("]"), Gen.Const(","), Gen.Const(":"), Gen.Const("\""), Gen.Const("\\u"), Gen.Const("\\uD800"), Gen.Const("/*"), Gen.Const("//"), Gen.Const("null"), Gen.Const("1e400"), Gen.Const("-0"), Gen.Const("\"amount\"")).Select(s => Encoding.UTF8.GetBytes(s)),
            Gen.String[Gen.Char.AlphaNumeric, 0, 10].Select(s => Encoding.UTF8.GetBytes(s)),
            Gen.Byte.Array[1, 4])
        .Array[0, 40]
        .Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        Deterministic.ForAll(AnyBody, body =>
        {
            foreach (var lenient in new[] { false, true })
            {
                using var document = ProviderJson.TryParse(body, lenient, maxDepth: 16);
                if (document is not null)
                {
                    ReadEverything(document.RootElement);
                }
            }
        }, count: 500);
    }

    [Fact]
    public void Text_AnyLong_ReadsAlikeAsNumberAndAsString()
    {
        Deterministic.ForAll(Gen.Long, value =>
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            using var number = ProviderJson.TryParse(Encoding.UTF8.GetBytes($$"""{"v":{{text}}}"""))!;
            using var quoted = ProviderJson.TryParse(Encoding.UTF8.GetBytes($$"""{"v":"{{text}}"}"""))!;
            Assert.Equal(text, ProviderJson.Text(number.RootElement, "v"));
            Assert.Equal(text, ProviderJson.Text(quoted.RootElement, "v"));
            Assert.Equal(text, ProviderJson.Code(number.RootElement, "v"));
            Assert.Equal(text, ProviderJson.Code(quoted.RootElement, "v"));
            Assert.Equal(value, ProviderJson.WholeNumber(number.RootElement, "v", NumberStyles.AllowLeadingSign));
            Assert.Equal(value, ProviderJson.WholeNumber(quoted.RootElement, "v", NumberStyles.AllowLeadingSign));
        });
    }

    [Fact]
    public void Number_AnyAmount_ReadsAlikeAsNumberAndAsString()
    {
        var amounts = Gen.Long[0, 100_000_000_000].Select(Gen.Int[0, 4]).Select((minor, scale) => new decimal(minor) / (decimal)Math.Pow(10, scale));
        Deterministic.ForAll(amounts, amount =>
        {
            var text = amount.ToString(CultureInfo.InvariantCulture);
            using var number = ProviderJson.TryParse(Encoding.UTF8.GetBytes($$"""{"amount":{{text}}}"""))!;
            using var quoted = ProviderJson.TryParse(Encoding.UTF8.GetBytes($$"""{"amount":"{{text}}"}"""))!;
            Assert.Equal(amount, ProviderJson.Number(number.RootElement, "amount", NumberStyles.AllowDecimalPoint));
            Assert.Equal(amount, ProviderJson.Number(quoted.RootElement, "amount", NumberStyles.AllowDecimalPoint));
        });
    }

    [Fact]
    public void Number_StringOutsideTheGivenStyles_IsNull()
    {
        using var document = ProviderJson.TryParse("""{"a":"-100","b":" 100 ","c":"1,000"}"""u8)!;
        Assert.Null(ProviderJson.Number(document.RootElement, "a", NumberStyles.AllowDecimalPoint));
        Assert.Null(ProviderJson.Number(document.RootElement, "b", NumberStyles.AllowDecimalPoint));
        Assert.Null(ProviderJson.Number(document.RootElement, "c", NumberStyles.AllowDecimalPoint));
        Assert.Equal(-100m, ProviderJson.Number(document.RootElement, "a", NumberStyles.Float));
    }

    [Fact]
    public void Code_NumberWithZeroFraction_ReadsAsTheWholeCode_StringIsOnlyTrimmed()
    {
        using var document = ProviderJson.TryParse("""{"a":1032.0,"b":" 1032 ","c":"00","d":"SFC_IC0003","e":" "}"""u8)!;
        Assert.Equal("1032", ProviderJson.Code(document.RootElement, "a"));
        Assert.Equal("1032", ProviderJson.Code(document.RootElement, "b"));
        Assert.Equal("00", ProviderJson.Code(document.RootElement, "c"));
        Assert.Equal("SFC_IC0003", ProviderJson.Code(document.RootElement, "d"));
        Assert.Null(ProviderJson.Code(document.RootElement, "e"));
    }

    [Fact]
    public void TryParse_LenientOnly_AcceptsCommentsAndTrailingCommas()
    {
        var body = """{"ResultCode":"0", /* note */ "ResultDesc":"ok",}"""u8.ToArray();
        Assert.Null(ProviderJson.TryParse(body));
        using var document = ProviderJson.TryParse(body, lenient: true);
        Assert.Equal("0", ProviderJson.Code(document!.RootElement, "ResultCode"));
    }

    [Fact]
    public void TryParseText_ByteOrderMarkDecoded_Parses()
    {
        var body = Encoding.UTF8.GetPreamble().Concat("""{"a":"b"}"""u8.ToArray()).ToArray();
        using var document = ProviderJson.TryParseText(ProviderJson.Decode(body));
        Assert.Equal("b", ProviderJson.Text(document!.RootElement, "a"));
    }

    [Fact]
    public void Text_LoneSurrogateEscape_IsNullNotAnException()
    {
        using var document = ProviderJson.TryParse("""{"a":"\uD800"}"""u8)!;
        Assert.Null(ProviderJson.Text(document.RootElement, "a"));
    }

    [Fact]
    public void Text_IgnoreCase_MatchesOnlyWhenAsked()
    {
        using var document = ProviderJson.TryParse("""{"orderTrackingId":"x"}"""u8)!;
        Assert.Null(ProviderJson.Text(document.RootElement, "OrderTrackingId"));
        Assert.Equal("x", ProviderJson.Text(document.RootElement, "OrderTrackingId", ignoreCase: true));
    }

    [Fact]
    public void Flag_BooleanOrBooleanString_ReadsAlike()
    {
        using var document = ProviderJson.TryParse("""{"a":true,"b":"true","c":" False ","d":"yes","e":1}"""u8)!;
        Assert.True(ProviderJson.Flag(document.RootElement, "a"));
        Assert.True(ProviderJson.Flag(document.RootElement, "b"));
        Assert.False(ProviderJson.Flag(document.RootElement, "c"));
        Assert.Null(ProviderJson.Flag(document.RootElement, "d"));
        Assert.Null(ProviderJson.Flag(document.RootElement, "e"));
    }

    [Fact]
    public void TryGetSeconds_NumberOrString_InRangeOnly()
    {
        using var document = ProviderJson.TryParse("""{"a":3599,"b":"180","c":0,"d":"-5","e":"soon"}"""u8)!;
        var max = TimeSpan.FromDays(1);
        Assert.True(ProviderJson.TryGetSeconds(document.RootElement, "a", max, out var a));
        Assert.Equal(TimeSpan.FromSeconds(3599), a);
        Assert.True(ProviderJson.TryGetSeconds(document.RootElement, "b", max, out var b));
        Assert.Equal(TimeSpan.FromSeconds(180), b);
        Assert.False(ProviderJson.TryGetSeconds(document.RootElement, "c", max, out _));
        Assert.False(ProviderJson.TryGetSeconds(document.RootElement, "d", max, out _));
        Assert.False(ProviderJson.TryGetSeconds(document.RootElement, "e", max, out _));
        Assert.False(ProviderJson.TryGetSeconds(document.RootElement, "a", TimeSpan.FromSeconds(60), out _));
    }

    [Fact]
    public void TimeWithOffset_AnyInstantWithAnyOffset_ReadsTheSameInstant()
    {
        var instants = Gen.Long[DateTimeOffset.Parse("2000-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds(), DateTimeOffset.Parse("2100-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds()]
            .Select(Gen.Int[-12 * 4, 14 * 4]);
        Deterministic.ForAll(instants, sample =>
        {
            var (seconds, quarters) = sample;
            var utc = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var local = utc.ToOffset(TimeSpan.FromMinutes(quarters * 15));
            Assert.Equal(utc, ProviderJson.TimeWithOffset(local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
            Assert.Equal(utc, ProviderJson.TimeWithOffset(utc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));
            Assert.Null(ProviderJson.TimeWithOffset(local.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture))); // no offset: never guessed
        });
    }

    [Fact]
    public void TimeWithOffset_AnyText_NeverThrows()
    {
        Deterministic.ForAll(Gen.String[Gen.Char, 0, 40], text => ProviderJson.TimeWithOffset(text), count: 500);
    }

    /// <summary>Reads every property of every object with every reader: none may throw.</summary>
    private static void ReadEverything(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        continue;
                    }

                    _ = ProviderJson.Text(element, name, ignoreCase: true);
                    _ = ProviderJson.Code(element, name);
                    _ = ProviderJson.Flag(element, name);
                    _ = ProviderJson.Number(element, name, NumberStyles.Float);
                    _ = ProviderJson.WholeNumber(element, name);
                    _ = ProviderJson.TryGetSeconds(element, name, TimeSpan.MaxValue, out _);
                    _ = ProviderJson.TimeWithOffset(ProviderJson.Text(element, name));
                    ReadEverything(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    _ = ProviderJson.Text(item);
                    ReadEverything(item);
                }

                break;
        }
    }
}
