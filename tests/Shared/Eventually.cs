namespace Resilience.Payments.TestSupport;

/// <summary>
/// Waits, bounded, for what happens on another thread or across real HTTP (a request reaching a simulator, a webhook arriving):
/// the one wait the end-to-end tests share. Time the tests control is a FakeTimeProvider; this is only for what they do not.
/// </summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 25 ms for up to 10 s, then asserts it.</summary>
    /// <param name="condition">What must become true.</param>
    /// <returns>A task.</returns>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
