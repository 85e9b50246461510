namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>
/// The access tokens a simulator issued and checks on every call: issue (with an expiry on the simulator's clock, or none),
/// validate a request's <c>Authorization: Bearer</c> header, revoke all, and count the token requests.
/// </summary>
/// <param name="timeProvider">The simulator's clock.</param>
/// <param name="schemeComparison">How the <c>Bearer</c> scheme is compared (providers differ on case).</param>
/// <param name="onePerClient">Whether a new token revokes the previous ones (Daraja) or they coexist until they expire.</param>
internal sealed class BearerTokens(TimeProvider timeProvider, StringComparison schemeComparison, bool onePerClient)
{
    private const string Scheme = "Bearer ";

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _requests;

    /// <summary>Gets how many token requests arrived (granted or not).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Counts a token request.</summary>
    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Accepts <paramref name="token"/> until <paramref name="lifetime"/> has passed on the clock (forever when <see langword="null"/>).</summary>
    /// <param name="token">The token.</param>
    /// <param name="lifetime">How long it is accepted.</param>
    /// <returns>When it expires (<see cref="DateTimeOffset.MaxValue"/> for never).</returns>
    public DateTimeOffset Issue(string token, TimeSpan? lifetime)
    {
        var expiresAt = lifetime is { } l ? timeProvider.GetUtcNow() + l : DateTimeOffset.MaxValue;
        lock (_gate)
        {
            if (onePerClient)
            {
                _tokens.Clear();
            }

            _tokens[token] = expiresAt;
        }

        return expiresAt;
    }

    /// <summary>Whether the request carries a bearer token issued, not revoked and not expired.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when authorized.</returns>
    public bool IsAuthorized(IRequestMessage request)
    {
        var authorization = SimulatorJson.Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith(Scheme, schemeComparison))
        {
            return false;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(authorization[Scheme.Length..], out var expiresAt) && timeProvider.GetUtcNow() < expiresAt;
        }
    }

    /// <summary>Revokes every token issued.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }
}
