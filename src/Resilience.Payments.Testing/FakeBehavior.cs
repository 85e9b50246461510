namespace Resilience.Payments.Testing;

/// <summary>One scripted behaviour of a <see cref="FakePaymentProvider"/>. Immutable; combine with <see cref="WithLatency"/>.</summary>
public sealed record FakeBehavior
{
    private FakeBehavior(FakeBehaviorKind kind)
    {
        Kind = kind;
    }

    /// <summary>Gets what the provider does.</summary>
    public FakeBehaviorKind Kind { get; }

    /// <summary>Gets the provider's code (decline code, not-processed code).</summary>
    public string? Code { get; private init; }

    /// <summary>Gets the reason given.</summary>
    public string? Reason { get; private init; }

    /// <summary>Gets the delay before the behaviour, measured on the provider's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency { get; private init; }

    /// <summary>Gets the redirect of <see cref="FakeBehaviorKind.RequireAction"/>.</summary>
    public Uri? RedirectUrl { get; private init; }

    /// <summary>Charges and succeeds.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Succeed() => new(FakeBehaviorKind.Succeed);

    /// <summary>Accepts (Pending) without charging; settle with <see cref="FakePaymentProvider.Complete"/>.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Accept() => new(FakeBehaviorKind.Accept);

    /// <summary>Accepts (Pending) and charges at once.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior AcceptAndCharge() => new(FakeBehaviorKind.AcceptAndCharge);

    /// <summary>Declines.</summary>
    /// <param name="code">The decline code, for example M-Pesa <c>1032</c> (cancelled by the user).</param>
    /// <param name="reason">The reason in words.</param>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Decline(string code = "1032", string reason = "declined by the fake provider") =>
        new(FakeBehaviorKind.Decline) { Code = code, Reason = reason };

    /// <summary>Refuses without charging (unavailable, rate limited, validation).</summary>
    /// <param name="reason">The reason.</param>
    /// <param name="code">The code.</param>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior NotProcessed(string reason = "service unavailable", string? code = "503") =>
        new(FakeBehaviorKind.NotProcessed) { Reason = reason, Code = code };

    /// <summary>Answers Unknown without having charged.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Unknown(string reason = "connection reset after send") => new(FakeBehaviorKind.Unknown) { Reason = reason };

    /// <summary>Charges, then answers Unknown.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior ChargeThenUnknown() => new(FakeBehaviorKind.ChargeThenUnknown) { Reason = "reply lost after charging" };

    /// <summary>Hangs until cancelled, charging nothing.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Hang() => new(FakeBehaviorKind.Hang);

    /// <summary>Charges, then hangs until cancelled.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior ChargeThenHang() => new(FakeBehaviorKind.ChargeThenHang);

    /// <summary>Asks the payer to act on a redirect page.</summary>
    /// <param name="redirectUrl">The page; a fake one when <see langword="null"/>.</param>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior RequireAction(Uri? redirectUrl = null) =>
        new(FakeBehaviorKind.RequireAction) { RedirectUrl = redirectUrl ?? new Uri("https://checkout.invalid/pay") };

    /// <summary>Throws <see cref="InvalidOperationException"/>, charging nothing.</summary>
    /// <returns>The behaviour.</returns>
    public static FakeBehavior Throw() => new(FakeBehaviorKind.Throw) { Reason = "the fake adapter threw" };

    /// <summary>Returns this behaviour after a delay on the provider's clock.</summary>
    /// <param name="latency">The delay.</param>
    /// <returns>The behaviour with latency.</returns>
    public FakeBehavior WithLatency(TimeSpan latency) => this with { Latency = latency };
}
