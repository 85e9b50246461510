using CountyParking.Simulation;

namespace CountyParking.Reporting;

/// <summary>What the report needs of the money going back, beside the store: the providers' refund ledgers and what the refund desk and the gateway's events saw.</summary>
/// <param name="Ledger">Every refund in the providers' own ledgers.</param>
/// <param name="Requested">Refunds the county asked for.</param>
/// <param name="Refused">Refunds the gateway refused before anything was stored, by refusal.</param>
/// <param name="PossibleDuplicates">PossibleDuplicatePaymentEvents raised.</param>
public sealed record MoneyBack(IReadOnlyList<LedgerRefund> Ledger, int Requested, IReadOnlyDictionary<string, int> Refused, int PossibleDuplicates)
{
    public static MoneyBack None { get; } = new([], 0, new Dictionary<string, int>(), 0);
}
