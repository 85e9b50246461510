namespace Resilience.Payments.Callbacks;

/// <summary>What a handler made of a callback.</summary>
public enum PaymentCallbackVerdict
{
    /// <summary>A valid callback; its <see cref="PaymentCallbackResult.Updates"/> (possibly none, when not yet confirmed) are to be applied.</summary>
    Accepted = 0,

    /// <summary>A valid, authentic callback about something the gateway does not track (for example another event type); nothing to apply.</summary>
    Ignored = 1,

    /// <summary>The body is not a callback of this provider (HTTP 400); nothing changes.</summary>
    Malformed = 2,

    /// <summary>The signature is missing or wrong (HTTP 401); nothing changes.</summary>
    Unauthorized = 3,
}
