using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.PostgreSql.Worker;

/// <summary>
/// A provider whose charge ledger lives outside the process: every charge appends "{attemptReference} {instance}" to this
/// instance's ledger file and fsyncs it before answering Succeeded, so a charge survives a SIGKILL of the process. Status
/// queries scan every instance's ledger. It does not deduplicate: a second charge of an attempt shows as a second line.
/// For <c>outage</c> from its first charge request it answers NotProcessed (the provider is down, then recovers).
/// </summary>
internal sealed class FileLedgerProvider : IPaymentProvider, IDisposable
{
    private readonly string _directory;
    private readonly string _instance;
    private readonly TimeSpan _outage;
    private long _outageEndsTicks;
    private readonly FileStream _ledger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public FileLedgerProvider(string directory, string instance, TimeSpan outage)
    {
        _directory = directory;
        _instance = instance;
        _outage = outage;
        _ledger = new FileStream(Path.Combine(directory, instance + ".ledger"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    public string Name => "ledger";

    public ProviderCapabilities Capabilities { get; } = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
        Currencies = ["KES"],
    };

    public int Charges { get; private set; }

    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        var previous = Interlocked.CompareExchange(ref _outageEndsTicks, now + _outage.Ticks, 0);
        if (now < (previous == 0 ? now + _outage.Ticks : previous))
        {
            return ProviderOutcome.NotProcessed("provider unavailable (recovering)", "503");
        }

        var line = Encoding.UTF8.GetBytes($"{request.AttemptReference} {_instance}\n");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _ledger.Write(line);
            _ledger.Flush(flushToDisk: true); // the charge is on disk before the gateway hears of it
            Charges++;
        }
        finally
        {
            _gate.Release();
        }

        return ProviderOutcome.Succeeded(receipt: "RCPT-" + request.AttemptReference, providerReference: "L-" + request.AttemptReference);
    }

    public async Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        var prefix = request.AttemptReference + " ";
        foreach (var file in Directory.GetFiles(_directory, "*.ledger"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return ProviderOutcome.Succeeded(receipt: "RCPT-" + request.AttemptReference, providerReference: "L-" + request.AttemptReference);
                }
            }
        }

        return ProviderOutcome.NotProcessed("no charge with this reference in any ledger");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _gate.Dispose();
    }
}
