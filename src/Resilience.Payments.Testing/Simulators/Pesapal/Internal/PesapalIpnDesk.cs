namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>
/// The IPN URLs registered with a <see cref="PesapalSimulator"/>: RegisterIPN adds one (an absolute http(s) URL, GET or POST),
/// GetIpnList lists them oldest first, an order's <c>notification_id</c> names one (ids are GUIDs, matched in any case).
/// </summary>
/// <param name="simulator">The simulator (its clock, random source and journal).</param>
internal sealed class PesapalIpnDesk(PesapalSimulator simulator)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PesapalIpn> _ipns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];
    private int _registrations;

    /// <summary>Gets how many RegisterIPN calls registered a URL.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>Answers RegisterIPN.</summary>
    public ResponseMessage Register(JsonNode? body)
    {
        if (PesapalApi.CheckIpn(body, out var url, out var method) is { } invalid)
        {
            return invalid;
        }

        var ipn = new PesapalIpn(simulator.Random.NextGuid(), url, method, simulator.TimeProvider.GetUtcNow());
        Add(ipn);
        simulator.Journal(ipn.ToJournal());
        Interlocked.Increment(ref _registrations);
        return PesapalApi.IpnRegistered(ipn);
    }

    /// <summary>Answers GetIpnList.</summary>
    public ResponseMessage List()
    {
        lock (_gate)
        {
            return PesapalApi.IpnList([.. _order.Select(id => _ipns[id])]);
        }
    }

    /// <summary>The IPN registered under <paramref name="id"/>, in any case.</summary>
    public PesapalIpn? Find(string? id)
    {
        lock (_gate)
        {
            return id is null ? null : _ipns.GetValueOrDefault(id);
        }
    }

    /// <summary>Puts back an IPN registration from the journal.</summary>
    public void Add(PesapalIpn ipn)
    {
        lock (_gate)
        {
            if (!_ipns.ContainsKey(ipn.Id))
            {
                _order.Add(ipn.Id);
            }

            _ipns[ipn.Id] = ipn;
        }
    }
}
