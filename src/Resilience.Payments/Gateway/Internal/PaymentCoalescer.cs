using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// In-process coalescing: callers in this process with the same key share one run, so exactly one provider call is made.
/// The run takes no caller's token. A request is compared field by field with the running one (no hashing on this path).
/// </summary>
internal sealed class PaymentCoalescer(Func<PaymentRequest, ValueTask<PaymentResult>> run, PaymentsTelemetry telemetry)
{
    private readonly ConcurrentDictionary<string, InFlightPayment> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Gets how many runs are in flight now.</summary>
    public int Count => _inFlight.Count;

    /// <summary>Returns the running payment with the request's key, or starts one.</summary>
    /// <exception cref="IdempotencyConflictException">A payment with the key but another request is running.</exception>
    public Task<PaymentResult> Join(PaymentRequest request)
    {
        var key = request.IdempotencyKey;
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                if (!RequestFingerprint.Equivalent(running.Request, request))
                {
                    throw new IdempotencyConflictException(key);
                }

                telemetry.Replay();
                return running.Task;
            }

            var mine = new InFlightPayment(request);
            if (_inFlight.TryAdd(key, mine))
            {
                _ = RunAsync(mine).AsTask(); // completes synchronously when the provider does: no second task
                return mine.Task;
            }
        }
    }

    private async ValueTask RunAsync(InFlightPayment payment)
    {
        try
        {
            payment.SetResult(await run(payment.Request).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // handed to every waiting caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            payment.SetException(ex);
            _ = payment.Task.Exception; // observed here; each waiting caller rethrows it
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlightPayment>(payment.Request.IdempotencyKey, payment));
        }
    }
}
