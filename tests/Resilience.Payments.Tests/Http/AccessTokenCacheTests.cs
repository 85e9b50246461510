using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Http;

namespace Resilience.Payments.Tests.Http;

public class AccessTokenCacheTests
{
    [Fact]
    public async Task GetAsync_FiftyConcurrentCallers_FetchOnce()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        var fetches = 0;
        using var cache = new AccessTokenCache(
            async _ =>
            {
                Interlocked.Increment(ref fetches);
                await gate.Task;
                return new AccessToken("t1", time.GetUtcNow().AddHours(1));
            },
            time);

        var callers = Enumerable.Range(0, 50).Select(_ => cache.GetAsync(CancellationToken.None).AsTask()).ToArray();
        gate.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.All(tokens, t => Assert.Equal("t1", t));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task GetAsync_NearExpiry_RefreshesBeforeTheProviderRejects()
    {
        var time = new FakeTimeProvider();
        var n = 0;
        using var cache = new AccessTokenCache(_ => Task.FromResult(new AccessToken($"t{++n}", time.GetUtcNow().AddSeconds(3599))), time, TimeSpan.FromSeconds(60));

        Assert.Equal("t1", await cache.GetAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(3500));
        Assert.Equal("t1", await cache.GetAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("t2", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Invalidate_ManyRejectionsOfOneToken_OneRefresh()
    {
        var time = new FakeTimeProvider();
        var n = 0;
        using var cache = new AccessTokenCache(_ => Task.FromResult(new AccessToken($"t{++n}", time.GetUtcNow().AddHours(1))), time);
        var rejected = await cache.GetAsync(CancellationToken.None);

        cache.Invalidate(rejected);
        var fresh = await cache.GetAsync(CancellationToken.None);
        cache.Invalidate(rejected); // a late rejection of the old token changes nothing
        var again = await cache.GetAsync(CancellationToken.None);

        Assert.Equal("t2", fresh);
        Assert.Equal("t2", again);
        Assert.Equal(2, cache.Fetches);
    }

    [Fact]
    public async Task GetAsync_FetchFails_NextCallTriesAgain()
    {
        var time = new FakeTimeProvider();
        var n = 0;
        using var cache = new AccessTokenCache(
            _ => ++n == 1 ? throw new System.Net.Http.HttpRequestException("down") : Task.FromResult(new AccessToken("ok", time.GetUtcNow().AddHours(1))),
            time);

        await Assert.ThrowsAsync<System.Net.Http.HttpRequestException>(() => cache.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal("ok", await cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public void ToString_NeverShowsTheToken() =>
        Assert.DoesNotContain("secret-token", new AccessToken("secret-token", DateTimeOffset.UnixEpoch).ToString(), StringComparison.Ordinal);
}
