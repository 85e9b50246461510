using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class LeaseOwnersTests
{
    [Fact]
    public void Next_CalledTwice_UniqueOwnersOfThisInstanceNeitherThePayOwner()
    {
        var owners = new LeaseOwners("node-1");

        var first = owners.Next();
        var second = owners.Next();

        Assert.NotEqual(first, second);
        Assert.StartsWith("node-1/", first, StringComparison.Ordinal);
        Assert.StartsWith("node-1/", owners.Pay, StringComparison.Ordinal);
        Assert.DoesNotContain(owners.Pay, new[] { first, second });
        Assert.Same(owners.Pay, owners.Pay);
    }

    [Fact]
    public void Pay_TwoGatewaysOfOneInstance_DifferentOwners()
    {
        Assert.NotEqual(new LeaseOwners("node-1").Pay, new LeaseOwners("node-1").Pay); // a restart never inherits a lease
    }
}
