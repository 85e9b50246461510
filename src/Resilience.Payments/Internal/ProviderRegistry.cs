using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Internal;

/// <summary>The registered providers in failover order, each with its pipeline; builds the candidate list of a request.</summary>
internal sealed class ProviderRegistry
{
    private readonly ProviderEntry[] _ordered;
    private readonly Dictionary<string, ProviderEntry> _byName;
    private readonly CandidateOrdering _ordering;

    public ProviderRegistry(
        IEnumerable<IPaymentProvider> providers,
        PaymentGatewayOptions options,
        TimeProvider time,
        ILogger logger,
        Func<string, ProviderCircuitState, ValueTask> onCircuitChanged)
    {
        var list = providers.ToList();
        if (list.Count == 0)
        {
            throw new InvalidOperationException("No payment provider is registered. Add at least one with AddProvider.");
        }

        _byName = new Dictionary<string, ProviderEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in list)
        {
            if (string.IsNullOrWhiteSpace(provider.Name))
            {
                throw new InvalidOperationException($"A provider of type {provider.GetType().Name} has no name.");
            }

            if (_byName.ContainsKey(provider.Name))
            {
                throw new InvalidOperationException($"Two providers are named '{provider.Name}'; provider names must be unique.");
            }

            var name = provider.Name;
            _byName[name] = new ProviderEntry(provider, options.For(name), time, logger, state => onCircuitChanged(name, state));
        }

        // The options validator reports this at start with every other failure; this guards a gateway constructed by hand.
        for (var i = 0; i < options.FailoverOrder.Count; i++)
        {
            if (!_byName.ContainsKey(options.FailoverOrder[i]))
            {
                throw new InvalidOperationException(PaymentGatewayOptionsValidator.NotRegistered($"FailoverOrder[{i}]", options.FailoverOrder[i], list.Select(p => p.Name)));
            }
        }

        var order = options.FailoverOrder.ToList();
        order.AddRange(list.Select(p => p.Name).Where(n => !order.Contains(n, StringComparer.OrdinalIgnoreCase)));
        _ordered = order.Select(n => _byName[n]).ToArray();
        _ordering = options.Ordering;
    }

    public IReadOnlyList<ProviderEntry> Ordered => _ordered;

    public ProviderEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Returns the pairs able to serve the request in failover order, and a reason for each pair that cannot
    /// (instrument kind, network, currency, amount limits).
    /// </summary>
    public List<Candidate> Candidates(PaymentRequest request, ref List<string>? unfit)
    {
        var instruments = request.Instruments;
        var result = new List<Candidate>(_ordered.Length * instruments.Count);
        if (_ordering == CandidateOrdering.InstrumentFirst)
        {
            for (var i = 0; i < instruments.Count; i++)
            {
                foreach (var provider in _ordered)
                {
                    Consider(provider, instruments[i], request.Amount, result, ref unfit);
                }
            }
        }
        else
        {
            foreach (var provider in _ordered)
            {
                for (var i = 0; i < instruments.Count; i++)
                {
                    Consider(provider, instruments[i], request.Amount, result, ref unfit);
                }
            }
        }

        return result;
    }

    public IReadOnlyList<ProviderHealth> Health() => _ordered.Select(p => p.Health()).ToArray();

    private static void Consider(ProviderEntry provider, PaymentInstrument instrument, Money amount, List<Candidate> result, ref List<string>? unfit)
    {
        var why = provider.Provider.Capabilities.WhyCannotServe(instrument, amount);
        if (why is null)
        {
            result.Add(new Candidate(provider, instrument));
        }
        else
        {
            (unfit ??= []).Add($"{provider.Name} ({instrument.Masked}): {why}");
        }
    }
}
