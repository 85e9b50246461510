namespace Resilience.Payments.Tests.Instruments;

public class BankCheckoutInstrumentTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Checkout_NoEmailNoPhone_ThrowsNamingEmail(string? email)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Checkout(email));

        Assert.Equal("email", ex.ParamName);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    [InlineData("jane doe@example.com")]
    public void Checkout_MalformedEmail_ThrowsNamingEmail(string email)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Checkout(email));

        Assert.Equal("email", ex.ParamName);
    }

    [Fact]
    public void Checkout_EmailLongerThan254_ThrowsNamingEmail()
    {
        var email = new string('a', 250) + "@x.com";

        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Checkout(email));

        Assert.Equal("email", ex.ParamName);
    }

    [Fact]
    public void Checkout_InvalidPhone_ThrowsNamingPhoneNumber()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Checkout("jane@example.com", "0612345678"));

        Assert.Equal("phoneNumber", ex.ParamName);
    }

    [Fact]
    public void Masked_Email_HidesLocalPart()
    {
        var checkout = PaymentInstrument.Checkout("jane.doe@example.com");

        Assert.Equal("checkout j***@example.com", checkout.Masked);
        Assert.DoesNotContain("jane.doe", checkout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_PhoneOnly_HidesNumber()
    {
        var checkout = PaymentInstrument.Checkout(null, "0712345678");

        Assert.Equal("checkout 2547****5678", checkout.Masked);
        Assert.DoesNotContain("254712345678", checkout.Masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_EmailAndPhone_HidesBoth()
    {
        var checkout = PaymentInstrument.Checkout("jane.doe@example.com", "0712345678");

        Assert.Equal("checkout j***@example.com 2547****5678", checkout.Masked);
        Assert.Equal(InstrumentKind.BankCheckout, checkout.Kind);
    }

    [Fact]
    public void Checkout_EmailAndPhone_KeepsBoth()
    {
        var checkout = PaymentInstrument.Checkout("jane@example.com", "+254 733 000 111");

        Assert.Equal("jane@example.com", checkout.Email);
        Assert.Equal("254733000111", checkout.PhoneNumber?.Value);
    }

    [Fact]
    public void Checkout_BlankEmailWithPhone_CreatesPhoneOnlyCheckout()
    {
        var checkout = PaymentInstrument.Checkout(string.Empty, "0712345678");

        Assert.Equal("254712345678", checkout.PhoneNumber?.Value);
    }
}
