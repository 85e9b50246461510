namespace Resilience.Payments.Tests.Safety;

/// <summary>Text copied from provider answers is scrubbed before the gateway stores or logs it.</summary>
public class StoredReasonTests
{
    [Fact]
    public async Task PayAsync_ProviderReasonWithPhoneNumberAndNewLines_StoredScrubbed()
    {
        var provider = new ScriptedProvider("pay", _ => ProviderOutcome.Declined("400\r\nforged", "Invalid PhoneNumber 254722000111\r\nINFO: forged line"));
        using var h = new SafetyHarness(provider);

        var result = await h.Gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = "bill-1",
            Amount = Money.Kes(200m),
            Instruments = [PaymentInstrument.MobileMoney("0712345678")],
        });

        var stored = (await h.Store.GetAsync("bill-1", CancellationToken.None))!.Attempts[0];
        Assert.DoesNotContain("254722000111", stored.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stored.Reason!);
        Assert.DoesNotContain('\r', stored.Code!);
        Assert.Equal(stored.Reason, result.DeclineReason);
    }

    [Theory]
    [InlineData("500.003.1001")]
    [InlineData("DP00800001006")]
    [InlineData("ESB000041")]
    [InlineData("SFC_IC0003")]
    public void Code_ProviderCodeShape_KeptAsWritten(string code)
    {
        Assert.Equal(code, ProviderOutcome.NotProcessed("x", code).Code);
    }

    [Fact]
    public void Code_PhoneNumberWithSpaces_Scrubbed()
    {
        Assert.DoesNotContain("722 000 111", ProviderOutcome.NotProcessed("x", "+254 722 000 111").Code, StringComparison.Ordinal);
    }
}
