using System;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>One STK push the simulator accepted: its own ledger row, per CheckoutRequestID.</summary>
internal sealed class DarajaSimulatorStk
{
    public required string CheckoutRequestId { get; init; }

    public required string MerchantRequestId { get; init; }

    public required string PhoneNumber { get; init; }

    public required decimal Amount { get; init; }

    public decimal? PaidAmount { get; set; }

    public required string AccountReference { get; init; }

    public required Uri CallbackUrl { get; init; }

    public bool ForceApprove { get; init; }

    public string? ResultCode { get; set; }

    public string? ResultDesc { get; set; }

    public string? Receipt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
