using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Internal;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Workers;

/// <summary>Helpers shared by the worker, crash-recovery and property tests.</summary>
internal static class WorkerTestKit
{
    public static void AllProviders(GatewayHarness h, FakeBehavior behavior)
    {
        foreach (var provider in h.Providers)
        {
            provider.Otherwise(behavior);
        }
    }

    public static async Task<PaymentRecord> RecordAsync(IPaymentStore store, string key) =>
        await store.GetAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"Payment {key} is not in the store.");

    public static int TotalRequests(GatewayHarness h) => h.Providers.Sum(p => p.Requests.Count);

    /// <summary>A second gateway instance over the same store, providers and clock: another process of the same app.</summary>
    public static PaymentGateway SecondInstance(GatewayHarness h) =>
        new(h.Providers, h.Store, Microsoft.Extensions.Options.Options.Create(h.Options), h.Time, null, null, null);

    /// <summary>Builds a ledger row as an instance that crashed mid-payment left it: Processing, leased to a dead owner.</summary>
    public static PaymentRecord CrashedRecord(GatewayHarness h, PaymentRequest request, bool withInFlightAttempt)
    {
        var now = h.Time.GetUtcNow();
        var attempts = withInFlightAttempt
            ? new[]
            {
                new PaymentAttempt
                {
                    Number = 1,
                    Reference = FixedReference(request.IdempotencyKey, 1),
                    Provider = "mpesa",
                    Instrument = request.Instruments[0],
                    StartedAt = now,
                },
            }
            : [];
        return new PaymentRecord
        {
            Key = request.IdempotencyKey,
            Fingerprint = RequestFingerprint.Compute(request),
            Request = request,
            Status = PaymentStatus.Processing,
            Attempts = attempts,
            CreatedAt = now,
            UpdatedAt = now,
            LeaseOwner = "dead",
            LeaseExpiresAt = now + h.Options.LeaseDuration,
            DueAt = now + h.Options.LeaseDuration,
        };
    }

    /// <summary>The reference a crashed instance gave an attempt (a fixed random part, so that tests can name it).</summary>
    public static string FixedReference(string key, int number) => $"{key}-{number}-fixedref";

    public static ProviderPaymentRequest ProviderRequest(PaymentRequest request, int number) => new()
    {
        PaymentKey = request.IdempotencyKey,
        AttemptReference = FixedReference(request.IdempotencyKey, number),
        AttemptNumber = number,
        Amount = request.Amount,
        Instrument = request.Instruments[0],
        AccountReference = request.AccountReference,
        Description = request.Description,
    };

    /// <summary>
    /// Awaits <paramref name="operation"/> while providers may hang: yields a bounded number of times, and when the
    /// operation is still running advances the fake clock by <paramref name="step"/> so that attempt timeouts fire.
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, TimeSpan step, Task<T> operation, int maxSteps = 400, Func<string>? describe = null)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            for (var y = 0; y < 50_000 && !operation.IsCompleted; y++)
            {
                await Task.Yield();
            }

            if (operation.IsCompleted)
            {
                return await operation;
            }

            time.Advance(step);
        }

        Assert.Fail($"The operation did not finish after advancing the clock {maxSteps} times by {step}. {describe?.Invoke()}");
        throw new InvalidOperationException("unreachable");
    }
}
