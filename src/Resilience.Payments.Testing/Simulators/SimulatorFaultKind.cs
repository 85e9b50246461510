namespace Resilience.Payments.Testing.Simulators;

/// <summary>The kinds of fault every <see cref="ProviderSimulator"/> injects; each simulator decides what a kind looks like on its API.</summary>
public enum SimulatorFaultKind
{
    /// <summary>The server stops at <see cref="SimulatorFault.From"/> (now when unset) and restarts at <see cref="SimulatorFault.Until"/> (never when unset): connections are refused meanwhile.</summary>
    Down,

    /// <summary>HTTP 503 before anything is recorded.</summary>
    Http503,

    /// <summary>The provider's own rate-limit answer before anything is recorded (Daraja: 500 spike arrest <c>500.003.02</c>; Paystack: 429).</summary>
    RateLimited,

    /// <summary>Answers are delayed by <see cref="SimulatorFault.Latency"/> (real time, since HTTP client timeouts are).</summary>
    Slow,

    /// <summary>The charge is made, then the reply is held back past any client timeout.</summary>
    ChargeThenNoReply,

    /// <summary>The payer or the provider declines, with the provider's <see cref="SimulatorFault.Code"/>.</summary>
    Decline,

    /// <summary>Callbacks (webhooks) are never posted.</summary>
    LoseCallbacks,

    /// <summary>Callbacks are posted twice.</summary>
    DuplicateCallbacks,

    /// <summary>Callbacks are posted after a delay between <see cref="SimulatorFault.Latency"/> and <see cref="SimulatorFault.MaxLatency"/> on the simulator's clock.</summary>
    DelayCallbacks,

    /// <summary>
    /// An overloaded provider's queue: the money-moving request is held (no reply within any client's timeout) and processed only
    /// <see cref="SimulatorFault.Latency"/> later on the simulator's clock; until then a status query finds no such transaction.
    /// When processed it is charged as usual, unless its reference was used meanwhile (then it is refused as a duplicate); the
    /// held reply is sent then. Simulated by <see cref="AirtelMoney.AirtelMoneySimulator"/> on the collection.
    /// </summary>
    QueueThenProcess,
}
