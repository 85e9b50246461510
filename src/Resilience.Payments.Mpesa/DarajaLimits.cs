namespace Resilience.Payments.Mpesa;

/// <summary>Limits of Lipa na M-Pesa Online that the adapter enforces before sending.</summary>
internal static class DarajaLimits
{
    /// <summary>The longest AccountReference Daraja accepts: 12 characters.</summary>
    public const int AccountReferenceMaxLength = 12;

    /// <summary>The longest TransactionDesc Daraja accepts: 13 characters.</summary>
    public const int TransactionDescMaxLength = 13;

    /// <summary>The smallest amount, in shillings: KES 1.</summary>
    public const decimal MinAmount = 1m;

    /// <summary>The largest amount per transaction, in shillings: KES 250,000.</summary>
    public const decimal MaxAmount = 250_000m;
}
