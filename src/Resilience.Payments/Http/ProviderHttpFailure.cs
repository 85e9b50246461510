namespace Resilience.Payments.Http;

/// <summary>Why a <see cref="ProviderHttpExchange"/> got no answer, in the terms of the failed-before-sending rule.</summary>
public enum ProviderHttpFailure
{
    /// <summary>The provider answered; <see cref="ProviderHttpReply.StatusCode"/> and <see cref="ProviderHttpReply.Body"/> hold its answer.</summary>
    None,

    /// <summary>No access token could be had, so the call was never sent: nothing reached the provider.</summary>
    NoToken,

    /// <summary>The request provably never left (name resolution, connection refused, TLS handshake; see <see cref="HttpFailures.FailedBeforeSending"/>).</summary>
    NotSent,

    /// <summary>No answer within the request timeout: the request may have reached the provider.</summary>
    Timeout,

    /// <summary>The connection failed after the request may have been sent (reset, premature end, a second send refused).</summary>
    ConnectionLost,

    /// <summary>The answer's headers arrived but its body was cut off (by the connection or the timeout): the provider received the request.</summary>
    AnswerCutOff,

    /// <summary>The caller cancelled after the request may have been sent.</summary>
    Cancelled,
}
