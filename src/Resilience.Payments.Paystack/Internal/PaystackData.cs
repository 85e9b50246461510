namespace Resilience.Payments.Paystack.Internal;

/// <summary>The <c>data</c> object of a charge, initialize or verify answer, or of a webhook.</summary>
internal sealed record PaystackData
{
    public string? Status { get; init; }

    public string? Reference { get; init; }

    /// <summary><c>id</c>, as text whether Paystack sent a number or a string.</summary>
    public string? Id { get; init; }

    public string? GatewayResponse { get; init; }

    public string? DisplayText { get; init; }

    public string? Message { get; init; }

    public string? Url { get; init; }

    public string? AuthorizationUrl { get; init; }

    public string? AccessCode { get; init; }

    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public string? Channel { get; init; }
}
