using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>Applies what a provider reported outside a call (a callback, a statement line) to the attempt it is about.</summary>
internal sealed class ProviderUpdateApplier(ProviderRegistry providers, ReferenceGuard guard, AttemptLifecycle attempts, ILogger logger)
{
    public async Task<ProviderUpdateResult> ApplyAsync(ProviderUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Provider);
        ArgumentNullException.ThrowIfNull(update.Outcome);

        var provider = providers.Find(update.Provider)?.Name ?? update.Provider;
        var (record, number) = await guard.FindAttemptAsync(update with { Provider = provider }, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            Log.UnknownReference(logger, update.Provider, update.AttemptReference, update.ProviderReference);
            return new ProviderUpdateResult(ProviderUpdateDisposition.UnknownReference, null);
        }

        var outcome = await guard.GuardNewReferenceAsync(record, record.Attempts[number - 1], update.Outcome, update.AttemptVerified, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(outcome, update.Outcome))
        {
            Log.ReferenceNotBound(logger, update.Provider, record.Key, record.Attempts[number - 1].Reference, outcome.Reason);
            return new ProviderUpdateResult(ProviderUpdateDisposition.UnknownReference, null);
        }

        var after = await attempts.RecordOutcomeAsync(record, number, outcome, update.Source).ConfigureAwait(false);
        var disposition = ReferenceEquals(after, record) ? ProviderUpdateDisposition.Unchanged : ProviderUpdateDisposition.Applied;
        return new ProviderUpdateResult(disposition, new PaymentResult(after));
    }
}
