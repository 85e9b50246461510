using System.Text.Json.Nodes;
using Resilience.Payments;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators;

namespace CountyParking.Simulation;

/// <summary>
/// The simulated providers' own books, beside the store (<c>FILE.ledgers.jsonl</c>): every transaction a simulator creates or
/// changes, and every charge of the in-process providers, appended before the gateway can learn of it. A run resumed with the
/// same store restores them, so the providers "outlive" the crash, as real ones outlive their merchant's, and the audit after
/// a resume covers every charge made before the interruption.
/// </summary>
public sealed class LedgerJournal : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter? _writer;
    private readonly List<JsonObject> _previous = [];

    public LedgerJournal(string? path)
    {
        Path = path;
        if (path is null)
        {
            return;
        }

        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                // A line cut short by a crash is the one write that never completed: nothing acted on it.
                try
                {
                    if (JsonNode.Parse(line) is JsonObject record)
                    {
                        _previous.Add(record);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                }
            }
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
        if (stream.Position > 0)
        {
            _writer.WriteLine(); // end a line a crash may have cut short
        }
    }

    public string? Path { get; }

    public bool HasHistory => _previous.Count > 0;

    /// <summary>Restores every provider's transactions from the journal and journals them from now on.</summary>
    public void Attach(ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        foreach (var simulator in fleet.Simulators)
        {
            simulator.ImportTransactions(Records(simulator.ProviderName, "t"));
            simulator.TransactionJournal = transaction => Append(simulator.ProviderName, "t", transaction);
        }
    }

    /// <summary>The charges of an in-process provider made before the interruption.</summary>
    public IReadOnlyList<LedgerCharge> PreviousCharges(string provider) =>
        Records(provider, "c").Select(c => new LedgerCharge(
            provider, (string)c["attempt"]!, (string)c["attempt"]!, (string)c["key"]!, null, (decimal)c["amount"]!, (string?)c["receipt"])).ToList();

    public void Append(FakeCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        Append(charge.Provider, "c", new JsonObject
        {
            ["id"] = charge.AttemptReference,
            ["attempt"] = charge.AttemptReference,
            ["key"] = charge.PaymentKey,
            ["amount"] = charge.Amount.Amount,
            ["receipt"] = charge.Receipt,
        });
    }

    public void Dispose() => _writer?.Dispose();

    private IEnumerable<JsonObject> Records(string provider, string type) =>
        _previous.Where(r => (string?)r["p"] == provider && r[type] is JsonObject).Select(r => (JsonObject)r[type]!.DeepClone());

    private void Append(string provider, string type, JsonObject record)
    {
        if (_writer is null)
        {
            return;
        }

        var line = new JsonObject { ["p"] = provider, [type] = record.DeepClone() }.ToJsonString();
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }
}

/// <summary>
/// An in-process provider whose charges go to the <see cref="LedgerJournal"/> before the gateway sees its answer, and which,
/// after a resume, still knows the attempts it charged before the interruption.
/// </summary>
public sealed class JournaledProvider(FakePaymentProvider inner, LedgerJournal journal) : IPaymentProvider
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LedgerCharge> _previous = journal.PreviousCharges(inner.Name).ToDictionary(c => c.AttemptReference!, StringComparer.Ordinal);
    private int _journaled;

    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public IReadOnlyList<LedgerCharge> PreviousCharges => [.. _previous.Values];

    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_previous.TryGetValue(request.AttemptReference, out var charged))
        {
            return ProviderOutcome.Succeeded(charged.Receipt); // the same reference again: the provider's idempotency
        }

        try
        {
            return await inner.InitiateAsync(request, cancellationToken);
        }
        finally
        {
            Flush();
        }
    }

    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _previous.TryGetValue(request.AttemptReference, out var charged)
            ? Task.FromResult(ProviderOutcome.Succeeded(charged.Receipt))
            : inner.QueryStatusAsync(request, cancellationToken);
    }

    private void Flush()
    {
        lock (_gate)
        {
            var charges = inner.Charges;
            for (; _journaled < charges.Count; _journaled++)
            {
                journal.Append(charges[_journaled]);
            }
        }
    }
}
