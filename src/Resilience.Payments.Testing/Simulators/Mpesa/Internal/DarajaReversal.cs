namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>One reversal request the simulator accepted: its own ledger row, per OriginatorConversationID.</summary>
internal sealed class DarajaReversal
{
    public required string OriginatorConversationId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The M-Pesa receipt of the transaction to reverse (TransactionID).</summary>
    public required string OriginalReceipt { get; init; }

    public required decimal Amount { get; init; }

    public required Uri ResultUrl { get; init; }

    public required Uri QueueTimeOutUrl { get; init; }

    public required string Remarks { get; init; }

    /// <summary>Whether the Initiator and the decrypted SecurityCredential matched the simulator's initiator.</summary>
    public required bool InitiatorValid { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Whether M-Pesa's queue timed the request out (never processed).</summary>
    public bool TimedOut { get; set; }

    /// <summary>The result code once processed (<c>0</c> when the money went back).</summary>
    public string? ResultCode { get; set; }

    public string? ResultDesc { get; set; }

    /// <summary>The reversal's own M-Pesa receipt, once processed.</summary>
    public string? Receipt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
