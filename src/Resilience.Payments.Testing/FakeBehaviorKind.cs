namespace Resilience.Payments.Testing;

/// <summary>What a <see cref="FakePaymentProvider"/> does with one initiation.</summary>
public enum FakeBehaviorKind
{
    /// <summary>Charges at once and answers Succeeded.</summary>
    Succeed = 0,

    /// <summary>Answers Pending and charges nothing yet; <see cref="FakePaymentProvider.Complete"/> settles it (the payer approving or not).</summary>
    Accept = 1,

    /// <summary>Answers Pending and charges at once (the payer approves immediately); a status query then says Succeeded.</summary>
    AcceptAndCharge = 2,

    /// <summary>Answers Declined with a code; charges nothing.</summary>
    Decline = 3,

    /// <summary>Answers NotProcessed; the request never reached the provider's ledger.</summary>
    NotProcessed = 4,

    /// <summary>Answers Unknown without having charged (the request was lost on the way); a status query says NotProcessed.</summary>
    Unknown = 5,

    /// <summary>Charges, then answers Unknown (the reply was lost); a status query says Succeeded.</summary>
    ChargeThenUnknown = 6,

    /// <summary>Never answers and charges nothing, until cancelled (the gateway's attempt timeout).</summary>
    Hang = 7,

    /// <summary>Charges, then never answers until cancelled: the worst case for double charging.</summary>
    ChargeThenHang = 8,

    /// <summary>Answers ActionRequired with a redirect; <see cref="FakePaymentProvider.Complete"/> settles it.</summary>
    RequireAction = 9,

    /// <summary>Throws an exception (a buggy adapter); charges nothing.</summary>
    Throw = 10,
}
