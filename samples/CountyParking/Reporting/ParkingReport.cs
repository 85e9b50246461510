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

public sealed record AuditFigures
{
    public int Charges { get; init; }

    public int DoubleCharged { get; init; }

    public int Lost { get; init; }

    public int Unresolved { get; init; }

    public bool Clean { get; init; }
}
