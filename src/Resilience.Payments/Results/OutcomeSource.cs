namespace Resilience.Payments;

/// <summary>Where an attempt's outcome came from.</summary>
public enum OutcomeSource
{
    /// <summary>The provider's reply to the initiation (or its absence: a timeout).</summary>
    Response = 0,

    /// <summary>A callback, webhook or IPN from the provider.</summary>
    Callback = 1,

    /// <summary>A status query made by the reconciler or a callback handler.</summary>
    StatusQuery = 2,
}
