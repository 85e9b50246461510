using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// Receives every callback that matched no payment, so that none is dropped silently. The default,
/// <see cref="InMemoryUnmatchedCallbackSink"/>, keeps the most recent ones for operators and counts them in a metric; replace
/// it (register your own <see cref="IUnmatchedCallbackSink"/> before <c>AddPaymentCallbacks</c>) to keep them durably or
/// raise an alert.
/// </summary>
public interface IUnmatchedCallbackSink
{
    /// <summary>Records an unmatched callback. Should not throw; an exception is logged and the provider still gets its reply.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask PublishAsync(UnmatchedCallback callback, CancellationToken cancellationToken);
}
