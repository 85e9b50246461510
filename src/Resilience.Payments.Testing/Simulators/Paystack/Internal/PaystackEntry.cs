namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>One transaction in the simulator's books, mutable under the simulator's lock.</summary>
internal sealed class PaystackEntry
{
    public long Id { get; init; }

    public required string Reference { get; init; }

    /// <summary>Gets how it was opened: <c>card</c> (a saved authorization), <c>mobile_money</c> or <c>checkout</c> (initialize).</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the amount recorded, in the subunit (what the payer pays).</summary>
    public long AmountMinor { get; init; }

    /// <summary>Gets the amount the merchant asked for, in the subunit (<c>requested_amount</c>).</summary>
    public long RequestedAmountMinor { get; init; }

    public required string Currency { get; init; }

    public required string Email { get; init; }

    public required string Status { get; set; }

    public required string GatewayResponse { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>Gets the wallet that pays a mobile money charge (digits, country code first).</summary>
    public string? Payer { get; init; }

    /// <summary>Gets the checkout's access code (initialize only).</summary>
    public string? AccessCode { get; init; }

    /// <summary>Gets the <c>metadata</c> sent, as raw JSON.</summary>
    public string? Metadata { get; init; }

    /// <summary>Gets the <c>callback_url</c> of an initialize: where the checkout sends the payer back.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Gets or sets the card's authorization code (the one charged, or the one a checkout payment issued).</summary>
    public string? AuthorizationCode { get; set; }

    public long CustomerId { get; init; }

    public required string CustomerCode { get; init; }

    /// <summary>Gets or sets what the payer did at the checkout or on the phone: <c>paid</c>, <c>failed</c>, <c>cancelled</c>, or <see langword="null"/>.</summary>
    public string? PayerAction { get; set; }

    /// <summary>Gets or sets the payer's address, when the payer paid through the checkout page.</summary>
    public string? IpAddress { get; set; }

    public static PaystackEntry FromJournal(JsonObject record) => new()
    {
        Reference = (string)record["id"]!,
        Id = (long)record["transactionId"]!,
        Channel = (string)record["channel"]!,
        AmountMinor = (long)record["amount"]!,
        RequestedAmountMinor = (long?)record["requestedAmount"] ?? (long)record["amount"]!,
        Currency = (string)record["currency"]!,
        Email = (string)record["email"]!,
        Status = (string)record["status"]!,
        GatewayResponse = (string)record["gatewayResponse"]!,
        CreatedAt = (DateTimeOffset)record["createdAt"]!,
        PaidAt = (DateTimeOffset?)record["paidAt"],
        Payer = (string?)record["payer"],
        AccessCode = (string?)record["accessCode"],
        Metadata = (string?)record["metadata"],
        CallbackUrl = (string?)record["callbackUrl"],
        AuthorizationCode = (string?)record["authorizationCode"],
        CustomerId = (long?)record["customerId"] ?? 0,
        CustomerCode = (string?)record["customerCode"] ?? string.Empty,
        PayerAction = (string?)record["payerAction"],
        IpAddress = (string?)record["ipAddress"],
    };

    public SimulatedCharge ToCharge(string provider, DateTimeOffset chargedAt) =>
        new(provider, Reference, Id.ToString(CultureInfo.InvariantCulture), AmountMinor / 100m, Currency, chargedAt);

    public JsonObject ToJournal() => new()
    {
        ["id"] = Reference,
        ["transactionId"] = Id,
        ["channel"] = Channel,
        ["amount"] = AmountMinor,
        ["requestedAmount"] = RequestedAmountMinor,
        ["currency"] = Currency,
        ["email"] = Email,
        ["status"] = Status,
        ["gatewayResponse"] = GatewayResponse,
        ["createdAt"] = CreatedAt,
        ["paidAt"] = PaidAt,
        ["payer"] = Payer,
        ["accessCode"] = AccessCode,
        ["metadata"] = Metadata,
        ["callbackUrl"] = CallbackUrl,
        ["authorizationCode"] = AuthorizationCode,
        ["customerId"] = CustomerId,
        ["customerCode"] = CustomerCode,
        ["payerAction"] = PayerAction,
        ["ipAddress"] = IpAddress,
    };

    public PaystackSimulatedTransaction Snapshot() => new(Id, Reference, Channel, AmountMinor, Currency, Email, Status, GatewayResponse, CreatedAt);
}
