namespace Resilience.Payments;

/// <summary>What <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/> did with a report.</summary>
public enum ProviderUpdateDisposition
{
    /// <summary>The report changed the payment or its attempt.</summary>
    Applied = 0,

    /// <summary>The report repeated what was known, or came after a final outcome; nothing changed.</summary>
    Unchanged = 1,

    /// <summary>No payment or attempt matches the report's references. Nothing changed; keep the report for audit.</summary>
    UnknownReference = 2,
}
