using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace Resilience.Payments.Http;

/// <summary>What one <see cref="ProviderHttpExchange"/> call got: the provider's whole answer, or why there was none.</summary>
public sealed class ProviderHttpReply
{
    private ProviderHttpReply(ProviderHttpFailure failure, HttpStatusCode statusCode, byte[] body, string? reason, Exception? exception)
    {
        Failure = failure;
        StatusCode = statusCode;
        Body = body;
        Reason = reason;
        Exception = exception;
    }

    /// <summary>Gets why there is no answer; <see cref="ProviderHttpFailure.None"/> when there is one.</summary>
    public ProviderHttpFailure Failure { get; }

    /// <summary>Gets whether the provider answered (any status code).</summary>
    public bool Answered => Failure == ProviderHttpFailure.None;

    /// <summary>
    /// Gets whether the request may have reached the provider: <see langword="false"/> only when it provably never left
    /// (<see cref="ProviderHttpFailure.NoToken"/>, <see cref="ProviderHttpFailure.NotSent"/>). A money-moving call that may have
    /// reached the provider and got no answer is <see cref="OutcomeKind.Unknown"/>, never <see cref="OutcomeKind.NotProcessed"/>.
    /// </summary>
    public bool MayHaveBeenSent => Failure is not (ProviderHttpFailure.NoToken or ProviderHttpFailure.NotSent);

    /// <summary>Gets the answer's status code; <c>0</c> without an answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the answer's body, read in full; empty without an answer.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets why there is no answer, in words for a reason or a log (scrub it before logging); <see langword="null"/> with an answer.</summary>
    public string? Reason { get; }

    /// <summary>Gets the exception behind the failure, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>
    /// Throws unless the provider answered: for a token request, whose failure the exchange reports as
    /// <see cref="ProviderHttpFailure.NoToken"/>. A cancellation by the caller is thrown as such, so that nothing is reported as sent.
    /// </summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    /// <exception cref="HttpRequestException">The provider did not answer.</exception>
    public void EnsureAnswered(CancellationToken cancellationToken)
    {
        if (Failure == ProviderHttpFailure.Cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException(Reason, Exception);
        }

        if (!Answered)
        {
            throw new HttpRequestException(Reason, Exception);
        }
    }

    /// <summary>An answer.</summary>
    internal static ProviderHttpReply Answer(HttpStatusCode statusCode, byte[] body) => new(ProviderHttpFailure.None, statusCode, body, null, null);

    /// <summary>No answer.</summary>
    internal static ProviderHttpReply Failed(ProviderHttpFailure failure, string reason, Exception? exception) => new(failure, default, [], reason, exception);
}
