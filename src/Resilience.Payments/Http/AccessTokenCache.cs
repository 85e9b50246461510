using System;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Http;

/// <summary>
/// Caches a provider's OAuth token for adapters: fetched once, reused until shortly before it expires, refreshed by
/// exactly one caller however many ask at once (Daraja invalidates the previous token when a new one is issued, so a
/// refresh per request would break requests in flight), and refreshed once when the provider rejects it.
/// </summary>
public sealed class AccessTokenCache : IDisposable
{
    private readonly Func<CancellationToken, Task<AccessToken>> _fetch;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshBefore;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _current;

    /// <summary>Creates the cache.</summary>
    /// <param name="fetch">Fetches a new token from the provider.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="refreshBefore">How long before expiry a token is refreshed. Default 60 seconds.</param>
    public AccessTokenCache(Func<CancellationToken, Task<AccessToken>> fetch, TimeProvider? timeProvider = null, TimeSpan? refreshBefore = null)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        _fetch = fetch;
        _time = timeProvider ?? TimeProvider.System;
        _refreshBefore = refreshBefore ?? TimeSpan.FromSeconds(60);
        ArgumentOutOfRangeException.ThrowIfLessThan(_refreshBefore, TimeSpan.Zero, nameof(refreshBefore));
    }

    /// <summary>Gets how many tokens have been fetched.</summary>
    public int Fetches { get; private set; }

    /// <summary>Returns a valid token, fetching one if none is cached or the cached one is about to expire.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The token's value.</returns>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (IsFresh(current))
        {
            return current!.Value;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (IsFresh(current))
            {
                return current!.Value; // another caller refreshed it while we waited
            }

            var fetched = await _fetch(cancellationToken).ConfigureAwait(false);
            ArgumentNullException.ThrowIfNull(fetched);
            Fetches++;
            Volatile.Write(ref _current, fetched);
            return fetched.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Forgets a token the provider rejected, so the next <see cref="GetAsync"/> fetches a new one. A token that was already
    /// replaced is left alone, so that many concurrent rejections of one token cause one refresh.
    /// </summary>
    /// <param name="rejected">The rejected token's value.</param>
    public void Invalidate(string rejected)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && string.Equals(current.Value, rejected, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private bool IsFresh(AccessToken? token) => token is not null && _time.GetUtcNow() < token.ExpiresAt - _refreshBefore;
}
