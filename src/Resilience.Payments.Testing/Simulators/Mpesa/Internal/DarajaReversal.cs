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

    /// <summary>The reversed charge's merchant reference, once reversed.</summary>
    public string? MerchantReference { get; set; }

    public static DarajaReversal FromJournal(JsonObject record) => new()
    {
        OriginatorConversationId = (string)record["id"]!,
        ConversationId = (string)record["conversationId"]!,
        OriginalReceipt = (string)record["originalReceipt"]!,
        Amount = (decimal)record["amount"]!,
        ResultUrl = new Uri((string)record["resultUrl"]!),
        QueueTimeOutUrl = new Uri((string)record["queueTimeOutUrl"]!),
        Remarks = (string)record["remarks"]!,
        InitiatorValid = (bool)record["initiatorValid"]!,
        AcceptedAt = (DateTimeOffset)record["acceptedAt"]!,
        TimedOut = (bool)record["timedOut"]!,
        ResultCode = (string?)record["resultCode"],
        ResultDesc = (string?)record["resultDesc"],
        Receipt = (string?)record["receipt"],
        CompletedAt = (DateTimeOffset?)record["completedAt"],
        MerchantReference = (string?)record["merchantReference"],
    };

    /// <summary>The journal record (<c>kind</c> <c>reversal</c> tells it from an STK push's).</summary>
    public JsonObject ToJournal() => new()
    {
        ["id"] = OriginatorConversationId,
        ["kind"] = "reversal",
        ["conversationId"] = ConversationId,
        ["originalReceipt"] = OriginalReceipt,
        ["amount"] = Amount,
        ["resultUrl"] = ResultUrl.AbsoluteUri,
        ["queueTimeOutUrl"] = QueueTimeOutUrl.AbsoluteUri,
        ["remarks"] = Remarks,
        ["initiatorValid"] = InitiatorValid,
        ["acceptedAt"] = AcceptedAt,
        ["timedOut"] = TimedOut,
        ["resultCode"] = ResultCode,
        ["resultDesc"] = ResultDesc,
        ["receipt"] = Receipt,
        ["completedAt"] = CompletedAt,
        ["merchantReference"] = MerchantReference,
    };

    /// <summary>The money given back by a processed reversal.</summary>
    public SimulatedRefund ToRefund(string provider) =>
        new(provider, OriginalReceipt, OriginatorConversationId, Amount, "KES", CompletedAt!.Value) { MerchantReference = MerchantReference };
}
