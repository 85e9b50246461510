using System.Collections.Generic;

namespace Resilience.Payments.Internal;

// The stored JSON shape of a payment. Versioned by its field names: add fields, never rename or reuse them.
// Kept apart from the public types so that their evolution never silently changes what is on disk.
#pragma warning disable SA1402, CA1819
internal sealed class PaymentRecordDocument
{
    public int V { get; set; } = 1;

    public string Key { get; set; } = "";

    public string Fingerprint { get; set; } = "";

    public int Status { get; set; }

    public long Version { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? DueAt { get; set; }

    public string? LeaseOwner { get; set; }

    public long? LeaseExpiresAt { get; set; }

    public int QueueRounds { get; set; }

    public int StatusChecks { get; set; }

    public string? FailureReason { get; set; }

    public RequestDocument Request { get; set; } = new();

    public List<AttemptDocument> Attempts { get; set; } = [];

    public List<ExtraChargeDocument>? ExtraCharges { get; set; }

    public List<RefundDocument>? Refunds { get; set; }

    public List<OperatorNoteDocument>? Notes { get; set; }
}

internal sealed class OperatorNoteDocument
{
    public long At { get; set; }

    public string Actor { get; set; } = "";

    public int Action { get; set; }

    public string? Detail { get; set; }
}

internal sealed class RefundDocument
{
    public string Key { get; set; } = "";

    public string Reference { get; set; } = "";

    public int Attempt { get; set; }

    public string Provider { get; set; } = "";

    public string Amount { get; set; } = "0";

    public string Currency { get; set; } = "";

    public string? Reason { get; set; }

    public bool Automatic { get; set; }

    public int Status { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? SentAt { get; set; }

    public long? LastInFlightAt { get; set; }

    public long? DueAt { get; set; }

    public int Checks { get; set; }

    public string? ProviderReference { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    public int? Source { get; set; }
}

internal sealed class ExtraChargeDocument
{
    public int Attempt { get; set; }

    public string Provider { get; set; } = "";

    public string Amount { get; set; } = "0";

    public string Currency { get; set; } = "";

    public string? Receipt { get; set; }

    public string? ProviderReference { get; set; }

    public long DetectedAt { get; set; }
}

internal sealed class MismatchDocument
{
    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public string? Payer { get; set; }

    public string? Receipt { get; set; }

    public string? ProviderReference { get; set; }

    public int Source { get; set; }

    public long DetectedAt { get; set; }

    public string Reason { get; set; } = "";
}

internal sealed class RequestDocument
{
    public string Amount { get; set; } = "0";

    public string Currency { get; set; } = "";

    public List<InstrumentDocument> Instruments { get; set; } = [];

    public string? AccountReference { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public long? ExpiresAt { get; set; }

    public bool AllowQueue { get; set; } = true;
}

internal sealed class InstrumentDocument
{
    public string Kind { get; set; } = "";

    public string? Phone { get; set; }

    public string? Token { get; set; }

    public string? Email { get; set; }
}

internal sealed class AttemptDocument
{
    public int Number { get; set; }

    public string Reference { get; set; } = "";

    public string Provider { get; set; } = "";

    public InstrumentDocument Instrument { get; set; } = new();

    public long StartedAt { get; set; }

    public long? CompletedAt { get; set; }

    public int? Outcome { get; set; }

    public int? Source { get; set; }

    public string? ProviderReference { get; set; }

    public string? Receipt { get; set; }

    public string? Code { get; set; }

    public string? Reason { get; set; }

    public int? ActionKind { get; set; }

    public string? ActionUrl { get; set; }

    public string? ActionMessage { get; set; }

    public MismatchDocument? Mismatch { get; set; }
}
#pragma warning restore SA1402, CA1819
