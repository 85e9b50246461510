namespace Resilience.Payments.Tests;

public class MoneyTests
{
    [Fact]
    public void Constructor_OverPrecisionAmount_ThrowsNamingAmount()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(10.005m, "KES"));
        Assert.Equal("amount", ex.ParamName);
    }
}
