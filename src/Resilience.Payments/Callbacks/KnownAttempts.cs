using System;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Callbacks;

/// <summary>
/// Tells a callback handler, before it spends a status query on an unsigned callback, whether the store holds the attempt or the
/// provider transaction the callback names. A flood of callbacks naming made-up transactions then costs the merchant's query quota
/// nothing: only callbacks about attempts the gateway made are confirmed with the provider. For adapter authors.
/// </summary>
public static class KnownAttempts
{
    /// <summary>
    /// Returns whether an attempt through <paramref name="provider"/> has the whole reference <paramref name="attemptReference"/>
    /// (its random part included), or holds <paramref name="providerReference"/>.
    /// </summary>
    /// <param name="store">The payment store.</param>
    /// <param name="provider">The provider's name.</param>
    /// <param name="attemptReference">The attempt reference the callback names, if any.</param>
    /// <param name="providerReference">The provider's reference the callback names, if any.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see langword="true"/> when the store knows the attempt or the transaction.</returns>
    public static async Task<bool> ContainAsync(IPaymentStore store, string provider, string? attemptReference, string? providerReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        if (Internal.AttemptReference.TryParse(attemptReference, out var key, out _)
            && await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } record)
        {
            foreach (var attempt in record.Attempts)
            {
                if (string.Equals(attempt.Reference, attemptReference, StringComparison.Ordinal)
                    && string.Equals(attempt.Provider, provider, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return providerReference is { Length: > 0 }
            && (await store.FindByProviderReferenceAsync(provider, providerReference, cancellationToken).ConfigureAwait(false))?.FindAttempt(provider, providerReference) is not null;
    }
}
