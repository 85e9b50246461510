namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>One order in the simulator's books, mutable under the simulator's lock.</summary>
internal sealed class PesapalOrder
{
    public long Sequence { get; init; }

    public required string TrackingId { get; init; }

    public required string MerchantReference { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public required string NotificationId { get; init; }

    public string? Phone { get; init; }

    /// <summary>The order's <c>description</c> (shown on the checkout page).</summary>
    public string? OrderDescription { get; init; }

    /// <summary>The order's <c>callback_url</c>: where the checkout page sends the browser back.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>The order's optional <c>cancellation_url</c>: where Cancel on the checkout page sends the browser.</summary>
    public string? CancellationUrl { get; init; }

    /// <summary>The order's optional <c>redirect_mode</c> (<c>TOP_WINDOW</c>, the default, or <c>PARENT_WINDOW</c>): where the way back loads.</summary>
    public string? RedirectMode { get; init; }

    /// <summary>Whether a browser opened the checkout page: the payer acts there, the simulated payer (AutoPay) stands down.</summary>
    public bool PageOpened { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public int StatusCode { get; set; }

    public string Description { get; set; } = string.Empty;

    public string? ConfirmationCode { get; set; }

    public bool ReplyDelivered { get; set; }

    public decimal? PaidAmount { get; set; }

    public string? PaidCurrency { get; set; }

    public string? PayerAccount { get; set; }

    /// <summary>How the payer paid (<c>payment_method</c>), once paid.</summary>
    public string? PaymentMethod { get; set; }

    public static PesapalOrder FromJournal(JsonObject record) => new()
    {
        TrackingId = (string)record["id"]!,
        Sequence = (long)record["sequence"]!,
        MerchantReference = (string)record["merchantReference"]!,
        Amount = (decimal)record["amount"]!,
        Currency = (string)record["currency"]!,
        NotificationId = (string)record["notificationId"]!,
        Phone = (string?)record["phone"],
        OrderDescription = (string?)record["orderDescription"],
        CallbackUrl = (string?)record["callbackUrl"],
        CancellationUrl = (string?)record["cancellationUrl"],
        RedirectMode = (string?)record["redirectMode"],
        CreatedAt = (DateTimeOffset)record["createdAt"]!,
        StatusCode = (int)record["statusCode"]!,
        Description = (string?)record["description"] ?? string.Empty,
        ConfirmationCode = (string?)record["confirmationCode"],
        ReplyDelivered = (bool)record["replyDelivered"]!,
        PaidAmount = (decimal?)record["paidAmount"],
        PaidCurrency = (string?)record["paidCurrency"],
        PayerAccount = (string?)record["payerAccount"],
        PaymentMethod = (string?)record["paymentMethod"],
    };

    public JsonObject ToJournal() => new()
    {
        ["id"] = TrackingId,
        ["sequence"] = Sequence,
        ["merchantReference"] = MerchantReference,
        ["amount"] = Amount,
        ["currency"] = Currency,
        ["notificationId"] = NotificationId,
        ["phone"] = Phone,
        ["orderDescription"] = OrderDescription,
        ["callbackUrl"] = CallbackUrl,
        ["cancellationUrl"] = CancellationUrl,
        ["redirectMode"] = RedirectMode,
        ["createdAt"] = CreatedAt,
        ["statusCode"] = StatusCode,
        ["description"] = Description,
        ["confirmationCode"] = ConfirmationCode,
        ["replyDelivered"] = ReplyDelivered,
        ["paidAmount"] = PaidAmount,
        ["paidCurrency"] = PaidCurrency,
        ["payerAccount"] = PayerAccount,
        ["paymentMethod"] = PaymentMethod,
    };

    /// <summary>The money moved by a completed order.</summary>
    public SimulatedCharge ToCharge(string provider, DateTimeOffset chargedAt) =>
        new(provider, MerchantReference, TrackingId, PaidAmount ?? Amount, PaidCurrency ?? Currency, chargedAt)
        {
            Receipt = ConfirmationCode,
            PhoneNumber = Phone is { } phone && Payments.PhoneNumber.TryParse(phone, out var number) ? number.Masked : null,
        };

    public PesapalSimulatedTransaction Snapshot() =>
        new(TrackingId, MerchantReference, Amount, Currency, StatusCode, Description, NotificationId, ReplyDelivered, CreatedAt, ConfirmationCode);
}
