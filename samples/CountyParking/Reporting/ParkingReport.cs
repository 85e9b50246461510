using System.Text.Json;
using System.Text.Json.Serialization;

namespace CountyParking.Reporting;

/// <summary>The run's report; serialized as the JSON the README documents (camelCase).</summary>
public sealed record ParkingReport
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public int Payments { get; init; }

    public int Succeeded { get; init; }

    public int Declined { get; init; }

    public int Failed { get; init; }

    public int Expired { get; init; }

    public int Pending { get; init; }

    public int Queued { get; init; }

    public int Failovers { get; init; }

    public int RecoveredFromQueue { get; init; }

    public SortedDictionary<string, ProviderFigures> ByProvider { get; init; } = new(StringComparer.Ordinal);

    public AuditFigures Audit { get; init; } = new();

    /// <summary>Money going back: refunds by status, refusals, reversed double charges and flagged possible duplicates.</summary>
    public RefundFigures Refunds { get; init; } = new();

    /// <summary>Declined payments by decline code and reason.</summary>
    public SortedDictionary<string, int> DeclinesByReason { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Seconds from the end of the last outage window until every payment had a final answer; null when some never did.</summary>
    public double? TimeToRecoverSeconds { get; init; }

    /// <summary>Seconds from the start of the run until every payment had a final answer; null when some never did.</summary>
    public double? AllResolvedAtSeconds { get; init; }

    public double DurationSeconds { get; init; }

    public bool Resumed { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ParkingReport FromJson(string json) => JsonSerializer.Deserialize<ParkingReport>(json, JsonOptions)!;
}

public sealed record ProviderFigures
{
    public int Attempts { get; init; }

    public int Succeeded { get; init; }

    public int NotProcessed { get; init; }

    public int Unknown { get; init; }

    public int Declined { get; init; }

    public int RejectedByBreaker { get; init; }

    /// <summary>Attempts still waiting for the payer or a callback (Pending / ActionRequired) when the run ended.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Waiting { get; init; }
}

public sealed record RefundFigures
{
    /// <summary>Refunds the county asked for (motorists who cancelled).</summary>
    public int Requested { get; init; }

    /// <summary>The gateway's refunds (the county's and the automatic reversals) by status, from the store.</summary>
    public SortedDictionary<string, int> ByStatus { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Refunds the gateway refused before storing or sending anything, by refusal (ProviderCannotRefund names the provider).</summary>
    public SortedDictionary<string, int> Refused { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Money given back by succeeded refunds, KES.</summary>
    public decimal AmountRefunded { get; init; }

    /// <summary>Extra charges the gateway recorded (late successes after failover).</summary>
    public int ExtraCharges { get; init; }

    /// <summary>Extra charges reversed (their automatic refund succeeded).</summary>
    public int ReversedExtraCharges { get; init; }

    /// <summary>Extra charges left to a person: the provider cannot refund (yet), so the gateway flagged them.</summary>
    public int ExtraChargesFlagged { get; init; }

    /// <summary>PossibleDuplicatePaymentEvents: the same bill paid under two keys (nothing refunded automatically).</summary>
    public int PossibleDuplicates { get; init; }
}

public sealed record AuditFigures
{
    public int Charges { get; init; }

    /// <summary>Refunds in the providers' own ledgers.</summary>
    public int Refunds { get; init; }

    /// <summary>Provider refunds of one reference more than once, or a charge refunded beyond its amount.</summary>
    public int RefundedTwice { get; init; }

    /// <summary>Refunds the gateway holds as Succeeded that no provider made, plus provider refunds the gateway does not know.</summary>
    public int RefundsLost { get; init; }

    /// <summary>Refunds still in flight, pending or unknown when the run ended.</summary>
    public int RefundsUnresolved { get; init; }

    /// <summary>Payments whose money at the providers (charged minus refunded) differs from what the county kept by its records.</summary>
    public int MoneyMismatches { get; init; }

    public int DoubleCharged { get; init; }

    /// <summary>Tickets issued from the gateway's durable events: one per succeeded payment.</summary>
    public int Tickets { get; init; }

    /// <summary>Success events the ticket office received, repeats (at least once) included.</summary>
    public int TicketEvents { get; init; }

    /// <summary>Succeeded payments with no ticket: their success event never reached the ticket office.</summary>
    public int TicketsMissing { get; init; }

    public int Lost { get; init; }

    public int Unresolved { get; init; }

    public bool Clean { get; init; }
}
