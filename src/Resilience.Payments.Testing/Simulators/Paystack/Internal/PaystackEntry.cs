namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>One transaction in the simulator's books, mutable under the simulator's lock.</summary>
internal sealed class PaystackEntry
{
    public long Id { get; init; }

    public required string Reference { get; init; }

    public required string Channel { get; init; }

    public long AmountMinor { get; init; }

    public required string Currency { get; init; }

    public required string Email { get; init; }

    public required string Status { get; set; }

    public required string GatewayResponse { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>Gets the wallet that pays a mobile money charge (digits, country code first).</summary>
    public string? Payer { get; init; }

    public static PaystackEntry FromJournal(JsonObject record) => new()
    {
        Reference = (string)record["id"]!,
        Id = (long)record["transactionId"]!,
        Channel = (string)record["channel"]!,
        AmountMinor = (long)record["amount"]!,
        Currency = (string)record["currency"]!,
        Email = (string)record["email"]!,
        Status = (string)record["status"]!,
        GatewayResponse = (string)record["gatewayResponse"]!,
        CreatedAt = (DateTimeOffset)record["createdAt"]!,
        PaidAt = (DateTimeOffset?)record["paidAt"],
        Payer = (string?)record["payer"],
    };

    public SimulatedCharge ToCharge(string provider, DateTimeOffset chargedAt) =>
        new(provider, Reference, Id.ToString(CultureInfo.InvariantCulture), AmountMinor / 100m, Currency, chargedAt);

    public JsonObject ToJournal() => new()
    {
        ["id"] = Reference,
        ["transactionId"] = Id,
        ["channel"] = Channel,
        ["amount"] = AmountMinor,
        ["currency"] = Currency,
        ["email"] = Email,
        ["status"] = Status,
        ["gatewayResponse"] = GatewayResponse,
        ["createdAt"] = CreatedAt,
        ["paidAt"] = PaidAt,
        ["payer"] = Payer,
    };

    public PaystackSimulatedTransaction Snapshot() => new(Id, Reference, Channel, AmountMinor, Currency, Email, Status, GatewayResponse, CreatedAt);

    /// <summary>The transaction as Paystack's API shows it (<c>data</c> of verify, charge and webhooks).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["reference"] = Reference,
            ["status"] = Status,
            ["amount"] = AmountMinor,
            ["currency"] = Currency,
            ["channel"] = Channel,
            ["gateway_response"] = GatewayResponse,
            ["created_at"] = Iso(CreatedAt),
            ["paid_at"] = PaidAt is { } paid ? Iso(paid) : null,
        };
        if (Channel == "mobile_money")
        {
            // what Paystack reports of the wallet that paid (the card fields of an M-Pesa authorization are placeholders)
            json["authorization"] = new JsonObject { ["channel"] = "mobile_money", ["bank"] = "M-PESA", ["mobile_money_number"] = Payer };
        }

        return json;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
