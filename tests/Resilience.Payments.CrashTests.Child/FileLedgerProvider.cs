using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>What the provider does with one attempt reference.</summary>
internal enum LedgerBehavior
{
    /// <summary>Charge, answer Succeeded.</summary>
    ChargeAndSucceed,

    /// <summary>Record a decline, answer Declined.</summary>
    Decline,

    /// <summary>Answer NotProcessed without charging (so the gateway fails over).</summary>
    NotProcessed,

    /// <summary>Charge, then answer Unknown: money moved, the reply was lost.</summary>
    ChargeThenUnknown,

    /// <summary>Hang past the attempt timeout without charging: the gateway sees Unknown and must reconcile.</summary>
    HangWithoutCharge,

    /// <summary>
    /// An overloaded provider's queue: hold the collection with no reply (the gateway sees Unknown), answer "no such transaction"
    /// meanwhile (so the gateway fails over), then charge it anyway a little later and call back: a late success after failover,
    /// which the gateway must record as an extra charge and reverse.
    /// </summary>
    QueueThenCharge,
}

/// <summary>
/// A provider whose charge ledger lives outside the process, in append-only fsynced files, so that it survives the
/// child being killed: like a real provider, it never charges one attempt reference twice, and it answers status queries
/// from its ledger. Its behaviour per attempt is decided by (seed, provider, attempt reference) alone.
/// </summary>
internal sealed partial class FileLedgerProvider : IPaymentProvider, IRefundProvider, IDisposable
{
    private readonly string _charges;
    private readonly string _declines;
    private readonly string _held;
    private readonly int _seed;
    private readonly Action<string> _trace;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public FileLedgerProvider(string name, string directory, int seed, Action<string> trace)
    {
        Name = name;
        _charges = LedgerFiles.ChargesPath(directory, name);
        _declines = LedgerFiles.DeclinesPath(directory, name);
        _held = LedgerFiles.HeldPath(directory, name);
        _refunds = LedgerFiles.RefundsPath(directory, name);
        _refundDeclines = LedgerFiles.RefundDeclinesPath(directory, name);
        _refundSettled = LedgerFiles.RefundSettledPath(directory, name);
        _acked = LedgerFiles.AckedPath(directory, name);
        _refundUnavailable = LedgerFiles.AckedPath(directory, name) + ".503";
        _seed = seed;
        _trace = trace;
    }

    public string Name { get; }

    public ProviderCapabilities Capabilities { get; } = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
        Currencies = ["KES"],
        WholeUnitsOnly = true,
    };

    /// <summary>The deterministic decision for an attempt: its behaviour and a delay before it acts.</summary>
    public static (LedgerBehavior Behavior, TimeSpan Delay) Decide(int seed, string provider, string attemptReference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{provider}|{attemptReference}"));
        var roll = BinaryPrimitives.ReadUInt32LittleEndian(hash) % 100;
        var delayRoll = BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(4)) % 100;
        var behavior = roll switch
        {
            < 58 => LedgerBehavior.ChargeAndSucceed,
            < 68 => LedgerBehavior.Decline,
            < 80 => LedgerBehavior.NotProcessed,
            < 83 => LedgerBehavior.QueueThenCharge,
            < 95 => LedgerBehavior.ChargeThenUnknown,
            _ => LedgerBehavior.HangWithoutCharge,
        };

        // About a third of the calls take a while (a provider call in flight is a good place to be killed).
        var delay = delayRoll < 35 ? TimeSpan.FromMilliseconds(20 + (delayRoll * 11)) : TimeSpan.Zero;
        return (behavior, delay);
    }

    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        var (behavior, delay) = Decide(_seed, Name, request.AttemptReference);
        _trace($"initiate {Name} {request.AttemptReference} {behavior}");
        if (behavior == LedgerBehavior.QueueThenCharge)
        {
            await HoldAsync(request);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken); // no reply: the attempt times out
        }

        if (behavior == LedgerBehavior.HangWithoutCharge)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken); // the attempt times out; nothing is charged
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            // The gateway gave up on this call (timeout): a real provider might still act, but this one decides under the
            // same lock the status query takes, so a query after the timeout always sees the final answer.
            cancellationToken.ThrowIfCancellationRequested();

            // Idempotent per attempt reference, like a real provider: the same reference is never charged twice.
            if (FindCharge(request.AttemptReference))
            {
                return ProviderOutcome.Succeeded(Receipt(request.AttemptReference), request.AttemptReference);
            }

            if (FindDecline(request.AttemptReference) is { } code)
            {
                return ProviderOutcome.Declined(code, "declined earlier", request.AttemptReference);
            }

            switch (behavior)
            {
                case LedgerBehavior.ChargeAndSucceed:
                    Charge(request);
                    return ProviderOutcome.Succeeded(Receipt(request.AttemptReference), request.AttemptReference);
                case LedgerBehavior.ChargeThenUnknown:
                    Charge(request);
                    return ProviderOutcome.Unknown("reply lost after the charge", "reply-lost", request.AttemptReference);
                case LedgerBehavior.Decline:
                    LedgerFiles.AppendDurably(_declines, $"{request.AttemptReference}\t{request.PaymentKey}\t1032");
                    _trace($"decline {Name} {request.AttemptReference}");
                    return ProviderOutcome.Declined("1032", "cancelled by user", request.AttemptReference);
                default:
                    return ProviderOutcome.NotProcessed("service unavailable before acceptance", "503");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _trace($"query {Name} {request.AttemptReference}");
            if (FindCharge(request.AttemptReference))
            {
                return ProviderOutcome.Succeeded(Receipt(request.AttemptReference), request.AttemptReference);
            }

            if (FindDecline(request.AttemptReference) is { } code)
            {
                return ProviderOutcome.Declined(code, "cancelled by user", request.AttemptReference);
            }

            return ProviderOutcome.NotProcessed("no such transaction", "404");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Receipt(string attemptReference) => "R" + attemptReference;

    private void Charge(ProviderPaymentRequest request) => Charge(request.AttemptReference, request.PaymentKey, request.Amount.Amount);

    private void Charge(string attemptReference, string paymentKey, decimal amount)
    {
        LedgerFiles.AppendDurably(_charges, string.Create(CultureInfo.InvariantCulture, $"{attemptReference}\t{paymentKey}\t{Name}\t{amount}"));
        _trace($"charge {Name} {attemptReference}");
    }

    private bool FindCharge(string attemptReference) =>
        LedgerFiles.ReadLines(_charges).Any(fields => fields.Length >= 3 && fields[0] == attemptReference);

    private string? FindDecline(string attemptReference) =>
        LedgerFiles.ReadLines(_declines).FirstOrDefault(fields => fields.Length >= 3 && fields[0] == attemptReference) is { } line ? line[2] : null;
}
