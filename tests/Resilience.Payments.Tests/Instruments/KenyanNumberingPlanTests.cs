namespace Resilience.Payments.Tests.Instruments;

public class KenyanNumberingPlanTests
{
    // Every range row of the providers.md prefix table, both ends (a single-prefix row appears once).
    public static TheoryData<string, MobileNetwork> TableRangeEnds => new()
    {
        { "0700", MobileNetwork.Safaricom }, { "0729", MobileNetwork.Safaricom },
        { "0740", MobileNetwork.Safaricom }, { "0743", MobileNetwork.Safaricom },
        { "0745", MobileNetwork.Safaricom }, { "0746", MobileNetwork.Safaricom },
        { "0748", MobileNetwork.Safaricom },
        { "0757", MobileNetwork.Safaricom }, { "0759", MobileNetwork.Safaricom },
        { "0768", MobileNetwork.Safaricom }, { "0769", MobileNetwork.Safaricom },
        { "0790", MobileNetwork.Safaricom }, { "0799", MobileNetwork.Safaricom },
        { "0110", MobileNetwork.Safaricom }, { "0115", MobileNetwork.Safaricom },
        { "0730", MobileNetwork.Airtel }, { "0739", MobileNetwork.Airtel },
        { "0750", MobileNetwork.Airtel }, { "0756", MobileNetwork.Airtel },
        { "0762", MobileNetwork.Airtel },
        { "0780", MobileNetwork.Airtel }, { "0789", MobileNetwork.Airtel },
        { "0100", MobileNetwork.Airtel }, { "0102", MobileNetwork.Airtel },
    };

    [Theory]
    [MemberData(nameof(TableRangeEnds))]
    public void Network_PrefixAtRangeEnd_IsTableNetwork(string prefix, MobileNetwork expected)
    {
        var number = PhoneNumber.Parse(prefix + "123456");

        Assert.Equal(expected, number.Network);
    }

    [Theory]
    [InlineData("0744")]
    [InlineData("0747")]
    [InlineData("0749")]
    [InlineData("0760")]
    [InlineData("0761")]
    [InlineData("0763")]
    [InlineData("0767")]
    [InlineData("0770")]
    [InlineData("0779")]
    [InlineData("0103")]
    [InlineData("0109")]
    [InlineData("0116")]
    [InlineData("0199")]
    public void Network_UnlistedPrefix_IsUnknown(string prefix)
    {
        var number = PhoneNumber.Parse(prefix + "123456");

        Assert.Equal(MobileNetwork.Unknown, number.Network);
    }

    [Fact]
    public void NetworkOf_EveryPrefix_MatchesProvidersTable()
    {
        // The table of providers.md, transcribed independently of the library's Ranges.
        var expected = new Dictionary<int, MobileNetwork>();
        void Add(int from, int to, MobileNetwork network)
        {
            for (var p = from; p <= to; p++)
            {
                expected.Add(p, network);
            }
        }

        Add(700, 729, MobileNetwork.Safaricom);
        Add(740, 743, MobileNetwork.Safaricom);
        Add(745, 746, MobileNetwork.Safaricom);
        Add(748, 748, MobileNetwork.Safaricom);
        Add(757, 759, MobileNetwork.Safaricom);
        Add(768, 769, MobileNetwork.Safaricom);
        Add(790, 799, MobileNetwork.Safaricom);
        Add(110, 115, MobileNetwork.Safaricom);
        Add(730, 739, MobileNetwork.Airtel);
        Add(750, 756, MobileNetwork.Airtel);
        Add(762, 762, MobileNetwork.Airtel);
        Add(780, 789, MobileNetwork.Airtel);
        Add(100, 102, MobileNetwork.Airtel);

        foreach (var prefix in Enumerable.Range(100, 100).Concat(Enumerable.Range(700, 100)))
        {
            var normalized = "254" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture) + "000000";
            var want = expected.GetValueOrDefault(prefix, MobileNetwork.Unknown);

            Assert.True(want == KenyanNumberingPlan.NetworkOf(normalized), $"prefix 0{prefix}: expected {want}");
        }
    }

    [Theory]
    [InlineData("25471234567")]
    [InlineData("2547123456789")]
    [InlineData("255712345678")]
    [InlineData("")]
    public void NetworkOf_NotTwelveDigitsWith254_IsUnknown(string normalized)
    {
        Assert.Equal(MobileNetwork.Unknown, KenyanNumberingPlan.NetworkOf(normalized));
    }

    [Fact]
    public void NetworkOf_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => KenyanNumberingPlan.NetworkOf(null!));
    }
}
