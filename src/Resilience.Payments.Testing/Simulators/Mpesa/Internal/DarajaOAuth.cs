namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>
/// The simulator's Authorization API (<c>GET /oauth/v1/generate</c>) and the tokens it issued: by default tokens coexist until they
/// expire on the simulator's clock; with <see cref="DarajaSimulator.RevokePreviousTokens"/> on, a new token revokes the others.
/// </summary>
internal sealed class DarajaOAuth
{
    private readonly DarajaSimulator _sim;
    private readonly BearerTokens _tokens;
    private readonly object _gate = new();

    public DarajaOAuth(DarajaSimulator simulator)
    {
        _sim = simulator;
        _tokens = new BearerTokens(simulator.TimeProvider, StringComparison.Ordinal, onePerClient: false);
    }

    /// <summary>Gets how many token requests arrived (granted or not).</summary>
    public int Requests => _tokens.Requests;

    /// <summary>Whether the request carries a token issued, not revoked and not expired.</summary>
    public bool IsAuthorized(IRequestMessage request) => _tokens.IsAuthorized(request);

    /// <summary>Revokes every token issued.</summary>
    public void Invalidate() => _tokens.Invalidate();

    /// <summary>Answers a token request: the grant type, then the consumer key and secret in the Basic header.</summary>
    public ResponseMessage Generate(IRequestMessage request)
    {
        _tokens.CountRequest();
        if (!string.Equals(SimulatorJson.Query(request, "grant_type"), "client_credentials", StringComparison.Ordinal))
        {
            return DarajaApi.Error(400, "400.008.02", "Invalid grant type passed");
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_sim.ConsumerKey}:{_sim.ConsumerSecret}"));
        if (!string.Equals(SimulatorJson.Header(request, "Authorization"), expected, StringComparison.Ordinal))
        {
            return DarajaApi.Error(400, "400.008.01", "Invalid Authentication passed");
        }

        var token = string.Create(CultureInfo.InvariantCulture, $"sim{_sim.Random.NextInt64():x16}");
        var lifetime = _sim.TokenLifetimeSeconds;
        lock (_gate)
        {
            if (_sim.RevokesPreviousTokens)
            {
                _tokens.Invalidate();
            }

            _tokens.Issue(token, TimeSpan.FromSeconds(lifetime + 1)); // expires_in is 3599 of Daraja's 3600 s
        }

        return SimulatorJson.Respond(200, new Dictionary<string, string> { ["access_token"] = token, ["expires_in"] = lifetime.ToString(CultureInfo.InvariantCulture) });
    }
}
