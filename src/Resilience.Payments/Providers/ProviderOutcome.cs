using System;

namespace Resilience.Payments;

/// <summary>A provider's answer to an initiation or a status query, mapped to an <see cref="OutcomeKind"/>.</summary>
public sealed record ProviderOutcome
{
    private readonly string? _code;
    private readonly string? _reason;

    private ProviderOutcome(OutcomeKind kind)
    {
        Kind = kind;
    }

    /// <summary>Gets the outcome class.</summary>
    public OutcomeKind Kind { get; }

    /// <summary>Gets the provider's own reference for the transaction (CheckoutRequestID, order tracking id...).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the provider's receipt for a success (an M-Pesa receipt number).</summary>
    public string? Receipt { get; init; }

    /// <summary>
    /// Gets the provider's result or error code, as the provider wrote it. A code is kept as is when it looks like one (at most 64
    /// letters, digits and <c>. _ - :</c>, such as <c>500.003.1001</c> or <c>DP00800001006</c>); anything else is scrubbed by
    /// <see cref="ProviderText.Scrub"/>.
    /// </summary>
    public string? Code
    {
        get => _code;
        init => _code = LooksLikeCode(value) ? value : ProviderText.Scrub(value);
    }

    /// <summary>
    /// Gets the reason in words. Text copied from a provider's answer often holds phone numbers or control characters: whatever is
    /// set here is scrubbed by <see cref="ProviderText.Scrub"/> (numbers masked, one line, capped) before the gateway stores or logs it.
    /// </summary>
    public string? Reason
    {
        get => _reason;
        init => _reason = ProviderText.Scrub(value);
    }

    /// <summary>Gets the action the payer must take, for <see cref="OutcomeKind.ActionRequired"/>.</summary>
    public PaymentAction? Action { get; init; }

    /// <summary>
    /// Gets the amount the provider reports for the transaction (for a success: the money that moved), or <see langword="null"/>
    /// when this answer does not carry one. The gateway counts a success only when it equals the attempt's amount and currency
    /// (safety rule 8); a success that binds a provider reference learnt after the attempt must carry it. Set it only from a
    /// source the adapter trusts: a signed body, a status query, or a callback whose URL carried a token the library signed.
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>
    /// Gets the payer's phone number or account as the provider reports it (any format; digits are compared), or
    /// <see langword="null"/> when not reported. Checked against the attempt's instrument; never stored and never logged.
    /// </summary>
    public string? Payer { get; init; }

    /// <summary>
    /// Gets when the provider says the transaction happened, or <see langword="null"/> when not reported. A provider reference
    /// learnt after the attempt is bound to it only when this time (when reported) falls within the attempt's window.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Money moved.</summary>
    /// <param name="receipt">The provider's receipt.</param>
    /// <param name="providerReference">The provider's transaction reference.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome Succeeded(string? receipt = null, string? providerReference = null) =>
        new(OutcomeKind.Succeeded) { Receipt = receipt, ProviderReference = providerReference };

    /// <summary>Accepted, final answer to follow.</summary>
    /// <param name="providerReference">The provider's reference to query the status by.</param>
    /// <param name="reason">The provider's message.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome Pending(string? providerReference = null, string? reason = null) =>
        new(OutcomeKind.Pending) { ProviderReference = providerReference, Reason = reason };

    /// <summary>The payer must act.</summary>
    /// <param name="action">The action.</param>
    /// <param name="providerReference">The provider's reference.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome ActionRequired(PaymentAction action, string? providerReference = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(OutcomeKind.ActionRequired) { Action = action, ProviderReference = providerReference };
    }

    /// <summary>A final business refusal.</summary>
    /// <param name="code">The provider's code (for example M-Pesa 1032).</param>
    /// <param name="reason">The reason in words.</param>
    /// <param name="providerReference">The provider's reference.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome Declined(string? code, string? reason, string? providerReference = null) =>
        new(OutcomeKind.Declined) { Code = code, Reason = reason, ProviderReference = providerReference };

    /// <summary>Provably never charged.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="code">The provider's code.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome NotProcessed(string reason, string? code = null) =>
        new(OutcomeKind.NotProcessed) { Reason = reason, Code = code };

    private static bool LooksLikeCode(string? value)
    {
        if (value is null || value.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the outcome without the payer (which is never logged).</summary>
    /// <returns>A description of the outcome.</returns>
    public override string ToString() =>
        $"{Kind} (code {Code ?? "none"}, reference {ProviderReference ?? "none"}, amount {(Amount is { } amount ? amount.ToString() : "not reported")})";

    /// <summary>May have been processed; nobody knows yet.</summary>
    /// <param name="reason">Why the outcome is unknown.</param>
    /// <param name="code">The provider's code.</param>
    /// <param name="providerReference">The provider's reference, if one was issued.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome Unknown(string reason, string? code = null, string? providerReference = null) =>
        new(OutcomeKind.Unknown) { Reason = reason, Code = code, ProviderReference = providerReference };
}
