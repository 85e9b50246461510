using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// The life of an attempt: begun (recorded before the provider is called), initiated through the provider's pipeline, and its
/// outcome recorded with compare-and-swap so that no outcome is ever lost; a mismatching success and a second charge are
/// recorded, counted and raised, never settled.
/// </summary>
internal sealed class AttemptLifecycle(
    PaymentWriter writer,
    PaymentGatewayOptions options,
    TimeProvider time,
    ILogger logger,
    PaymentsTelemetry telemetry,
    EventDispatcher events,
    ExtraChargeReversals? reversals = null)
{
    /// <summary>
    /// Adds an attempt through <paramref name="candidate"/> while <paramref name="owner"/> holds the lease and nothing is unresolved.
    /// Returns the stored record and the new attempt's number, or the latest record and 0 when the attempt was not begun.
    /// </summary>
    public async ValueTask<(PaymentRecord Record, int Number)> BeginAsync(PaymentRecord record, Candidate candidate, string owner)
    {
        var now = time.GetUtcNow();
        var saved = await writer.SaveAsOwnerAsync(
            record,
            owner,
            (Candidate: candidate, Now: now, LeaseExpiresAt: now + options.LeaseDuration),
            // Safety rule 1: a new attempt only when the previous one provably charged nothing.
            PaymentWriter.NothingUnresolved,
            static (latest, begin) =>
            {
                var previous = latest.Attempts;
                var number = previous.Count + 1;
                var attempts = new PaymentAttempt[number];
                for (var i = 0; i < previous.Count; i++)
                {
                    attempts[i] = previous[i];
                }

                attempts[number - 1] = new PaymentAttempt
                {
                    Number = number,
                    Reference = ReusableReference(latest, begin.Candidate) ?? AttemptReference.Create(latest.Key, number),
                    Provider = begin.Candidate.Provider.Name,
                    Instrument = begin.Candidate.Instrument,
                    StartedAt = begin.Now,
                };
                return latest with
                {
                    Status = PaymentStatus.Processing,
                    Attempts = attempts,
                    LeaseExpiresAt = begin.LeaseExpiresAt,
                    DueAt = begin.LeaseExpiresAt,
                    FailureReason = null,
                    StatusChecks = 0,
                    UpdatedAt = begin.Now,
                };
            }).ConfigureAwait(false);

        // The stored record's last attempt is the one just begun.
        return saved.Changed ? (saved.Record, saved.Record.Attempts.Count) : (saved.Record, 0);
    }

    /// <summary>Calls the provider through its pipeline for a recorded attempt; measures, traces and logs it. Never throws.</summary>
    public async ValueTask<ProviderOutcome> InitiateAsync(ProviderEntry provider, PaymentRecord record, PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        using var activity = PaymentsTelemetry.ActivitySource.StartActivity("payments.attempt");
        activity?.SetTag("payment.provider", provider.Name);
        activity?.SetTag("payment.attempt", attempt.Reference);
        var started = telemetry.AttemptsEnabled ? time.GetTimestamp() : 0;
        var outcome = await provider.InitiateAsync(
            new ProviderPaymentRequest
            {
                PaymentKey = record.Key,
                AttemptReference = attempt.Reference,
                AttemptNumber = attempt.Number,
                Amount = record.Request.Amount,
                Instrument = attempt.Instrument,
                AccountReference = record.Request.AccountReference,
                Description = record.Request.Description,
                Metadata = record.Request.Metadata,
            },
            cancellationToken).ConfigureAwait(false);
        if (started != 0)
        {
            telemetry.Attempt(provider.Name, outcome.Kind, time.GetElapsedTime(started));
        }

        activity?.SetTag("payment.outcome", outcome.Kind.ToString());
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.AttemptCompleted(logger, attempt.Reference, provider.Name, attempt.Instrument.Masked, outcome.Kind, outcome.Code, outcome.Reason);
        }

        return outcome;
    }

    /// <summary>Applies an attempt's outcome with compare-and-swap, re-reading on conflict, so that no outcome is ever lost.</summary>
    public async ValueTask<PaymentRecord> RecordOutcomeAsync(PaymentRecord record, int number, ProviderOutcome outcome, OutcomeSource source)
    {
        if (outcome.Kind == OutcomeKind.Succeeded
            && SuccessCheck.WhyNotMatching(record.Request.Amount, record.Attempts[number - 1].Instrument, outcome) is { } mismatch)
        {
            return await RecordMismatchAsync(record, number, outcome, source, mismatch).ConfigureAwait(false);
        }

        while (true)
        {
            var now = time.GetUtcNow();
            var next = PaymentTransitions.ApplyOutcome(record, number, outcome, source, now, options.Reconciliation.FirstCheckDelay, out var secondSuccess);
            if (next is null)
            {
                return record;
            }

            if (secondSuccess && reversals is not null)
            {
                next = reversals.Plan(next, number, now); // the reversal is written with the extra charge: one write, never twice
            }

            var stored = await writer.SaveAsync(record, next).ConfigureAwait(false);
            if (stored is not null)
            {
                if (secondSuccess)
                {
                    await OnExtraChargeAsync(stored, number).ConfigureAwait(false);
                    if (reversals is not null)
                    {
                        await reversals.AfterWriteAsync(stored, number).ConfigureAwait(false);
                    }
                }

                return stored;
            }

            record = await writer.ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Safety rule 11: a new attempt on a provider that refuses a reused reference, with the same instrument as an earlier attempt that a
    /// status query found "not found", reuses that attempt's reference, so that the earlier request landing late is refused as a
    /// duplicate instead of charged.
    /// </summary>
    internal static string? ReusableReference(PaymentRecord record, Candidate candidate)
    {
        if (!candidate.Provider.Provider.Capabilities.DeduplicatesByReference)
        {
            return null;
        }

        for (var i = record.Attempts.Count - 1; i >= 0; i--)
        {
            var earlier = record.Attempts[i];
            if (earlier is { Outcome: OutcomeKind.NotProcessed, Source: OutcomeSource.StatusQuery }
                && string.Equals(earlier.Provider, candidate.Provider.Name, StringComparison.OrdinalIgnoreCase)
                && string.Equals(earlier.Instrument.Canonical, candidate.Instrument.Canonical, StringComparison.Ordinal))
            {
                return earlier.Reference;
            }
        }

        return null;
    }

    /// <summary>Safety rule 8: a success that does not match the attempt is recorded on it, raised and counted, never settled.</summary>
    private async ValueTask<PaymentRecord> RecordMismatchAsync(PaymentRecord record, int number, ProviderOutcome outcome, OutcomeSource source, string why)
    {
        var mismatch = new AmountMismatch
        {
            ReportedAmount = outcome.Amount,
            ReportedPayer = outcome.Payer is { Length: > 0 } payer ? SuccessCheck.MaskedPayer(payer) : null,
            Receipt = outcome.Receipt,
            ProviderReference = outcome.ProviderReference,
            Source = source,
            DetectedAt = time.GetUtcNow(),
            Reason = why,
        };
        while (true)
        {
            var next = PaymentTransitions.ApplyMismatch(record, number, mismatch, outcome.ProviderReference, mismatch.DetectedAt, options.Reconciliation.FirstCheckDelay);
            if (next is null)
            {
                return record;
            }

            var stored = await writer.SaveAsync(record, next).ConfigureAwait(false);
            if (stored is not null)
            {
                var attempt = stored.Attempts[number - 1];
                telemetry.AmountMismatch(attempt.Provider, source);
                Log.AmountMismatch(logger, stored.Key, attempt.Reference, attempt.Provider, source, why);
                if (events.HasHandlers)
                {
                    await events.PublishAsync(new PaymentAmountMismatchEvent
                    {
                        OccurredAt = mismatch.DetectedAt,
                        Payment = new PaymentResult(stored),
                        AttemptNumber = number,
                        Mismatch = mismatch,
                    }).ConfigureAwait(false);
                }

                return stored;
            }

            record = await writer.ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>A second charge for one payment: kept on the record, logged, counted and raised (safety rule 12 gives it back).</summary>
    private async ValueTask OnExtraChargeAsync(PaymentRecord record, int number)
    {
        var charge = record.ExtraCharges.LastOrDefault(c => c.AttemptNumber == number);
        if (charge is null)
        {
            return;
        }

        telemetry.ExtraCharge(charge.Provider);
        Log.SecondSuccess(logger, record.Key, record.Attempts[number - 1].Reference, charge.Provider, charge.Amount.ToString());
        if (events.HasHandlers)
        {
            await events.PublishAsync(new PaymentExtraChargeEvent { OccurredAt = charge.DetectedAt, Payment = new PaymentResult(record), Charge = charge }).ConfigureAwait(false);
        }
    }
}
