using System.Text.Json.Nodes;

namespace CountyParking.Simulation;

/// <summary>
/// The simulated providers' own books, beside the store (<c>FILE.ledgers.jsonl</c>): every transaction a simulator creates or
/// changes, appended before the gateway can learn of it. A run resumed with the
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

        Generation = _previous.Count(r => r["run"] is not null);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
        if (stream.Position > 0)
        {
            _writer.WriteLine(); // end a line a crash may have cut short
        }

        _writer.WriteLine(new JsonObject { ["run"] = Generation }.ToJsonString());
    }

    public string? Path { get; }

    public bool HasHistory => _previous.Count > 0;

    /// <summary>Gets how many runs wrote to the journal before this one (resumes start a new generation of identifiers).</summary>
    public int Generation { get; private set; }

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
