namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>One refund in the simulator's books, mutable under the refund desk's lock.</summary>
internal sealed class PaystackRefundEntry
{
    /// <summary>The prefix of a refund's key in the transaction journal (transactions are keyed by their reference).</summary>
    public const string JournalPrefix = "refund:";

    public long Id { get; init; }

    public required string TransactionReference { get; init; }

    public long TransactionId { get; init; }

    public long AmountMinor { get; init; }

    public required string Currency { get; init; }

    public string? MerchantNote { get; init; }

    public string? CustomerNote { get; init; }

    /// <summary>Gets the statuses still to come, in order (for example <c>processing</c>, <c>processed</c>), decided when the refund was taken.</summary>
    public required Queue<string> Next { get; init; }

    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets a value indicating whether the refund holds money: every status but <c>failed</c>.</summary>
    public bool HoldsAmount => Status != "failed";

    public bool IsFinal => Next.Count == 0;

    public static bool IsJournalRecord(JsonObject record) => ((string?)record["id"])?.StartsWith(JournalPrefix, StringComparison.Ordinal) == true;

    public static PaystackRefundEntry FromJournal(JsonObject record) => new()
    {
        Id = (long)record["refundId"]!,
        TransactionReference = (string)record["transactionReference"]!,
        TransactionId = (long)record["transactionId"]!,
        AmountMinor = (long)record["amount"]!,
        Currency = (string)record["currency"]!,
        MerchantNote = (string?)record["merchantNote"],
        CustomerNote = (string?)record["customerNote"],
        Status = (string)record["status"]!,
        Next = new Queue<string>(((string?)record["next"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)),
        CreatedAt = (DateTimeOffset)record["createdAt"]!,
        UpdatedAt = (DateTimeOffset)record["updatedAt"]!,
    };

    public JsonObject ToJournal() => new()
    {
        ["id"] = JournalPrefix + Id.ToString(CultureInfo.InvariantCulture),
        ["refundId"] = Id,
        ["transactionReference"] = TransactionReference,
        ["transactionId"] = TransactionId,
        ["amount"] = AmountMinor,
        ["currency"] = Currency,
        ["merchantNote"] = MerchantNote,
        ["customerNote"] = CustomerNote,
        ["status"] = Status,
        ["next"] = string.Join(',', Next),
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
    };

    public PaystackSimulatedRefund Snapshot() => new(Id, TransactionReference, TransactionId, AmountMinor, Currency, Status, MerchantNote, CreatedAt);

    public SimulatedRefund ToRefund(string provider, DateTimeOffset refundedAt) =>
        new(provider, TransactionId.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture), AmountMinor / 100m, Currency, refundedAt)
        {
            MerchantReference = TransactionReference,
        };

    /// <summary>The refund as fetch and list show it (<c>transaction</c> is the transaction's id).</summary>
    public JsonObject ToJson()
    {
        var json = Common();
        json["transaction"] = TransactionId;
        return json;
    }

    /// <summary>The refund as <c>POST /refund</c> answers it: <c>transaction</c> is the transaction object.</summary>
    public JsonObject ToCreatedJson(JsonObject transaction)
    {
        var json = Common();
        json["transaction"] = transaction;
        return json;
    }

    /// <summary>The refund as a refund webhook carries it.</summary>
    public JsonObject ToWebhookJson()
    {
        var json = Common();
        json["transaction_reference"] = TransactionReference;
        json["refund_reference"] = Status == "processed" ? string.Create(CultureInfo.InvariantCulture, $"ARN{Id}") : null;
        json["amount"] = AmountMinor.ToString(CultureInfo.InvariantCulture); // webhooks carry the amount as a string
        return json;
    }

    private JsonObject Common() => new()
    {
        ["id"] = Id,
        ["integration"] = 412829,
        ["domain"] = "test",
        ["amount"] = AmountMinor,
        ["deducted_amount"] = Status == "pending" ? 0 : AmountMinor,
        ["currency"] = Currency,
        ["status"] = Status,
        ["merchant_note"] = MerchantNote,
        ["customer_note"] = CustomerNote,
        ["refunded_at"] = Status == "processed" ? Iso(UpdatedAt) : null,
        ["createdAt"] = Iso(CreatedAt),
        ["updatedAt"] = Iso(UpdatedAt),
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
