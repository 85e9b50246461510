using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class LockedRandomTests
{
    [Fact]
    public void NextDouble_Seeded_SameSequenceAsTheRandomItWraps()
    {
        var expected = new Random(7);
        var random = new LockedRandom(new Random(7));

        Assert.Equal([expected.NextDouble(), expected.NextDouble()], new[] { random.NextDouble(), random.NextDouble() });
    }
}
