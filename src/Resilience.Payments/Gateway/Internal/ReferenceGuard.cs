using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Reference guarding: finds the attempt a provider's message is about (by the whole attempt reference, or by the provider's own
/// reference), and refuses a provider reference that does not provably belong to the attempt (safety rule 10).
/// </summary>
internal sealed class ReferenceGuard(IPaymentStore store, TimeProvider time)
{
    /// <summary>Finds the payment and the number of the attempt an update is about; (<see langword="null"/>, 0) when none.</summary>
    public async Task<(PaymentRecord? Record, int Number)> FindAttemptAsync(ProviderUpdate update, CancellationToken cancellationToken)
    {
        PaymentRecord? record = null;
        if (AttemptReference.TryParse(update.AttemptReference, out var key, out _))
        {
            record = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (record is not null && FindByReference(record, update.AttemptReference!, update.Provider) is { } attempt)
            {
                return (record, attempt.Number);
            }
        }

        if (update.ProviderReference is { Length: > 0 } providerReference)
        {
            record = await store.FindByProviderReferenceAsync(update.Provider, providerReference, cancellationToken).ConfigureAwait(false);
            if (record?.FindAttempt(update.Provider, providerReference) is { } attempt)
            {
                return (record, attempt.Number);
            }
        }

        return (null, 0);
    }

    /// <summary>
    /// Refuses a provider reference learnt after the attempt (a late callback or a statement match for an attempt whose reply was
    /// lost) when the attempt already has another one, or when another attempt already owns it: one provider transaction settles
    /// at most one attempt. A refused outcome becomes <see cref="OutcomeKind.Unknown"/>, which changes nothing.
    /// </summary>
    public async Task<ProviderOutcome> GuardNewReferenceAsync(PaymentRecord record, PaymentAttempt attempt, ProviderOutcome outcome, bool verified, CancellationToken cancellationToken)
    {
        if (outcome.ProviderReference is not { Length: > 0 } reference || string.Equals(reference, attempt.ProviderReference, StringComparison.Ordinal))
        {
            return outcome;
        }

        if (attempt.ProviderReference is not null)
        {
            return ProviderOutcome.Unknown("The provider named another transaction than the one this attempt already has.");
        }

        // Safety rule 10: bound only when proven to belong (a signed token or the provider's answer about this attempt, or a
        // reported amount, payer and time that match it).
        if (SuccessCheck.WhyNotBinding(attempt, record.Request.Amount, outcome, verified, time.GetUtcNow()) is { } why)
        {
            return ProviderOutcome.Unknown("The provider's transaction is not bound to this attempt: " + why + ".");
        }

        var owner = await store.FindByProviderReferenceAsync(attempt.Provider, reference, cancellationToken).ConfigureAwait(false);
        var taken = owner?.Attempts.Any(a => string.Equals(a.ProviderReference, reference, StringComparison.Ordinal)
            && string.Equals(a.Provider, attempt.Provider, StringComparison.OrdinalIgnoreCase)
            && !(string.Equals(owner.Key, record.Key, StringComparison.Ordinal) && string.Equals(a.Reference, attempt.Reference, StringComparison.Ordinal))) == true;
        return taken ? ProviderOutcome.Unknown("The provider's transaction already belongs to another attempt.") : outcome;
    }

    /// <summary>
    /// The latest attempt through <paramref name="provider"/> whose whole reference is <paramref name="reference"/> (its random part
    /// included: a guessed or altered reference finds nothing). Attempts that reuse an earlier reference share it; the latest answers.
    /// </summary>
    private static PaymentAttempt? FindByReference(PaymentRecord record, string reference, string provider)
    {
        for (var i = record.Attempts.Count - 1; i >= 0; i--)
        {
            var attempt = record.Attempts[i];
            if (string.Equals(attempt.Reference, reference, StringComparison.Ordinal) && string.Equals(attempt.Provider, provider, StringComparison.OrdinalIgnoreCase))
            {
                return attempt;
            }
        }

        return null;
    }
}
