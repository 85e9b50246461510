using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>What the provider does with one refund.</summary>
internal enum RefundBehavior
{
    /// <summary>Give the money back, answer Succeeded (with the amount).</summary>
    Succeed,

    /// <summary>Accept (answer Pending); the provider gives the money back a little later and calls back.</summary>
    Accept,

    /// <summary>Give the money back, then answer Unknown: the answer was lost.</summary>
    SucceedThenUnknown,

    /// <summary>Answer NotProcessed without refunding (503 before acceptance).</summary>
    NotProcessed,

    /// <summary>Refuse it (recorded), answer Declined.</summary>
    Decline,
}

/// <summary>A callback the provider owes the merchant, re-sent by every run of the child until acknowledged.</summary>
/// <param name="Kind"><c>charge</c> (a late success of a held collection) or <c>refund</c> (an asynchronous refund completed).</param>
/// <param name="Reference">The attempt reference (charge) or the refund reference (refund).</param>
/// <param name="Amount">The amount charged or given back.</param>
internal sealed record ProviderCallback(string Kind, string Reference, decimal Amount);

/// <summary>
/// The provider's refund side, in the same fsynced files: a refund ledger keyed by the refund reference (a repeated reference is
/// answered from the ledger, never refunded twice; a refund beyond what is left of the charge is refused), synchronous,
/// asynchronous and answer-lost refunds decided by (seed, provider, refund key), and the provider's own clock (<see cref="ProcessDueAsync"/>):
/// held collections charged late, accepted refunds completed, and callbacks owed until acknowledged.
/// </summary>
internal sealed partial class FileLedgerProvider
{
    /// <summary>How long a held collection waits before the provider charges it.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromMilliseconds(2500);

    private readonly string _refunds;
    private readonly string _refundDeclines;
    private readonly string _refundSettled;
    private readonly string _acked;
    private readonly string _refundUnavailable;

    public RefundCapabilities RefundCapabilities { get; } = new() { Partial = true, Asynchronous = true, WholeUnitsOnly = true };

    /// <summary>The deterministic decision for a refund: its behaviour, a delay before it acts, and (accepted) when it completes.</summary>
    public static (RefundBehavior Behavior, TimeSpan Delay, TimeSpan SettleAfter) DecideRefund(int seed, string provider, string refundKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{provider}|refund|{refundKey}"));
        var roll = BinaryPrimitives.ReadUInt32LittleEndian(hash) % 100;
        var delayRoll = BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(4)) % 100;
        var settleRoll = BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(8)) % 100;

        // A reversal of an extra charge is never refused for good (the audit wants every extra charge back): refused ones are
        // given a 503 instead, which the gateway queues and sends again.
        var reversal = refundKey.Contains(":reverse:", StringComparison.Ordinal);
        var behavior = roll switch
        {
            < 40 => RefundBehavior.Succeed,
            < 72 => RefundBehavior.Accept,
            < 86 => RefundBehavior.SucceedThenUnknown,
            < 93 => RefundBehavior.NotProcessed,
            _ => reversal ? RefundBehavior.NotProcessed : RefundBehavior.Decline,
        };
        var delay = delayRoll < 35 ? TimeSpan.FromMilliseconds(20 + (delayRoll * 8)) : TimeSpan.Zero;
        return (behavior, delay, TimeSpan.FromMilliseconds(200 + (settleRoll * 8)));
    }

    public async Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        var (behavior, delay, settleAfter) = DecideRefund(_seed, Name, request.RefundKey);
        _trace($"refund-send {Name} {request.RefundReference} {request.RefundKey} {behavior}");
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            cancellationToken.ThrowIfCancellationRequested(); // decided under the lock the status query takes, as charges are
            if (Answer(request.RefundReference) is { } known)
            {
                return known; // the same reference again: answered from the ledger, never refunded twice
            }

            var charged = ChargedAmount(request.AttemptReference);
            if (charged is null || Refunded(request.AttemptReference) + request.Amount.Amount > charged.Value)
            {
                LedgerFiles.AppendDurably(_refundDeclines, $"{request.RefundReference}\t{request.PaymentKey}\tEXCEEDS");
                _trace($"refund-decline {Name} {request.RefundReference} EXCEEDS");
                return ProviderOutcome.Declined("EXCEEDS", charged is null ? "no such charge" : "more than is left of the charge", ProviderReference(request.RefundReference));
            }

            switch (behavior)
            {
                case RefundBehavior.Succeed:
                    Refund(request, "sync", DateTimeOffset.UtcNow);
                    return Succeeded(request.RefundReference, request.Amount);
                case RefundBehavior.SucceedThenUnknown:
                    Refund(request, "sync", DateTimeOffset.UtcNow);
                    return ProviderOutcome.Unknown("refund answer lost", "reply-lost");
                case RefundBehavior.Accept:
                    Refund(request, "async", DateTimeOffset.UtcNow + settleAfter);
                    return ProviderOutcome.Pending(ProviderReference(request.RefundReference), "accepted");
                case RefundBehavior.Decline:
                    LedgerFiles.AppendDurably(_refundDeclines, $"{request.RefundReference}\t{request.PaymentKey}\tR01");
                    _trace($"refund-decline {Name} {request.RefundReference} R01");
                    return ProviderOutcome.Declined("R01", "refund rejected", ProviderReference(request.RefundReference));
                default:
                    if (LedgerFiles.ReadLines(_refundUnavailable).Any(f => f[0] == request.RefundReference))
                    {
                        Refund(request, "sync", DateTimeOffset.UtcNow); // a 503 is transient: the same refund sent again goes through
                        return Succeeded(request.RefundReference, request.Amount);
                    }

                    LedgerFiles.AppendDurably(_refundUnavailable, request.RefundReference);
                    return ProviderOutcome.NotProcessed("service unavailable before acceptance", "503");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _trace($"refund-query {Name} {request.RefundReference}");
            return Answer(request.RefundReference)
                ?? (request.NotFoundIsConclusive(DateTimeOffset.UtcNow, TimeSpan.Zero)
                    ? ProviderOutcome.NotProcessed("no such refund", "404")
                    : ProviderOutcome.Unknown("no such refund yet; the request may still be on its way", "404"));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The provider's clock: charges held collections that are due, completes accepted refunds that are due, and returns every
    /// callback not acknowledged yet (those of a killed run included: a provider re-sends until the merchant answers).
    /// </summary>
    public async Task<IReadOnlyList<ProviderCallback>> ProcessDueAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var now = DateTimeOffset.UtcNow;
            var charged = LedgerFiles.ReadLines(_charges).Where(f => f.Length >= 4).ToDictionary(f => f[0], f => Amount(f[3]), StringComparer.Ordinal);
            var callbacks = new List<ProviderCallback>();
            foreach (var held in LedgerFiles.ReadLines(_held).Where(f => f.Length >= 4))
            {
                var (reference, key, amount, at) = (held[0], held[1], Amount(held[2]), Ticks(held[3]));
                if (!charged.ContainsKey(reference) && at + HoldFor <= now)
                {
                    Charge(reference, key, amount); // late: the gateway was told "no such transaction" meanwhile
                    charged[reference] = amount;
                }

                if (charged.ContainsKey(reference))
                {
                    callbacks.Add(new ProviderCallback("charge", reference, amount));
                }
            }

            var settled = LedgerFiles.ReadLines(_refundSettled).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
            foreach (var refund in LedgerFiles.ReadLines(_refunds).Where(f => f.Length >= 6 && f[4] == "async"))
            {
                if (!settled.Contains(refund[0]) && Ticks(refund[5]) <= now)
                {
                    LedgerFiles.AppendDurably(_refundSettled, refund[0]);
                    _trace($"refund-settled {Name} {refund[0]}");
                    settled.Add(refund[0]);
                }

                if (settled.Contains(refund[0]))
                {
                    callbacks.Add(new ProviderCallback("refund", refund[0], Amount(refund[3])));
                }
            }

            var acked = LedgerFiles.ReadLines(_acked).Where(f => f.Length >= 2).Select(f => (f[0], f[1])).ToHashSet();
            return callbacks.Where(c => !acked.Contains((c.Kind, c.Reference))).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Returns whether the provider still owes work: a held collection not charged, an accepted refund not completed, a callback not acknowledged.</summary>
    public async Task<bool> HasWorkAsync()
    {
        if ((await ProcessDueAsync()).Count > 0)
        {
            return true;
        }

        var charged = LedgerFiles.ReadLines(_charges).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        var settled = LedgerFiles.ReadLines(_refundSettled).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        return LedgerFiles.ReadLines(_held).Any(f => !charged.Contains(f[0]))
            || LedgerFiles.ReadLines(_refunds).Any(f => f.Length >= 6 && f[4] == "async" && !settled.Contains(f[0]));
    }

    /// <summary>The merchant answered the callback: it is not sent again.</summary>
    public void Acknowledge(ProviderCallback callback) => LedgerFiles.AppendDurably(_acked, $"{callback.Kind}\t{callback.Reference}");

    /// <summary>The callback of a refund, as the provider words it.</summary>
    public RefundUpdate RefundCallback(ProviderCallback callback) => new()
    {
        Provider = Name,
        RefundReference = callback.Reference,
        ProviderReference = ProviderReference(callback.Reference),
        Outcome = Succeeded(callback.Reference, Money.Kes(callback.Amount)),
    };

    /// <summary>The callback of a late charge, as the provider words it (signed: the attempt reference is the provider's own key).</summary>
    public ProviderUpdate ChargeCallback(ProviderCallback callback) => new()
    {
        Provider = Name,
        AttemptReference = callback.Reference,
        AttemptVerified = true,
        Outcome = ProviderOutcome.Succeeded(Receipt(callback.Reference), callback.Reference),
    };

    private static string ProviderReference(string refundReference) => "RF" + refundReference;

    private static ProviderOutcome Succeeded(string refundReference, Money amount) =>
        ProviderOutcome.Succeeded(null, ProviderReference(refundReference)) with { Amount = amount };

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateTimeOffset Ticks(string text) => new(long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture), TimeSpan.Zero);

    private async Task HoldAsync(ProviderPaymentRequest request)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!FindCharge(request.AttemptReference) && !LedgerFiles.ReadLines(_held).Any(f => f[0] == request.AttemptReference))
            {
                LedgerFiles.AppendDurably(_held, string.Create(CultureInfo.InvariantCulture, $"{request.AttemptReference}\t{request.PaymentKey}\t{request.Amount.Amount}\t{DateTimeOffset.UtcNow.UtcTicks}"));
                _trace($"held {Name} {request.AttemptReference}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The ledger's answer for a refund reference it knows, or <see langword="null"/>.</summary>
    private ProviderOutcome? Answer(string refundReference)
    {
        if (LedgerFiles.ReadLines(_refunds).FirstOrDefault(f => f.Length >= 6 && f[0] == refundReference) is { } refund)
        {
            var done = refund[4] == "sync" || LedgerFiles.ReadLines(_refundSettled).Any(f => f[0] == refundReference);
            return done
                ? Succeeded(refundReference, Money.Kes(Amount(refund[3])))
                : ProviderOutcome.Pending(ProviderReference(refundReference), "accepted");
        }

        return LedgerFiles.ReadLines(_refundDeclines).FirstOrDefault(f => f.Length >= 3 && f[0] == refundReference) is { } declined
            ? ProviderOutcome.Declined(declined[2], "refused earlier", ProviderReference(refundReference))
            : null;
    }

    private decimal? ChargedAmount(string attemptReference) =>
        LedgerFiles.ReadLines(_charges).FirstOrDefault(f => f.Length >= 4 && f[0] == attemptReference) is { } line ? Amount(line[3]) : null;

    private decimal Refunded(string attemptReference) =>
        LedgerFiles.ReadLines(_refunds).Where(f => f.Length >= 6 && f[2] == attemptReference).Sum(f => Amount(f[3]));

    private void Refund(ProviderRefundRequest request, string mode, DateTimeOffset completesAt)
    {
        LedgerFiles.AppendDurably(
            _refunds,
            string.Create(CultureInfo.InvariantCulture, $"{request.RefundReference}\t{request.PaymentKey}\t{request.AttemptReference}\t{request.Amount.Amount}\t{mode}\t{completesAt.UtcTicks}"));
        _trace($"refunded {Name} {request.RefundReference} {mode}");
    }
}
