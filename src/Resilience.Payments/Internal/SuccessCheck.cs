using System;
using System.Globalization;

namespace Resilience.Payments.Internal;

/// <summary>
/// Safety rules 8 and 10 as pure functions: whether a reported success matches what the attempt asked for, and whether a provider
/// reference learnt after the attempt may be bound to it.
/// </summary>
internal static class SuccessCheck
{
    /// <summary>How far a provider's clock may be from ours when its transaction time is compared with the attempt's window.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>Returns why a reported amount, currency or payer does not match the attempt, or <see langword="null"/> when nothing reported differs.</summary>
    public static string? WhyNotMatching(Money expected, PaymentInstrument instrument, ProviderOutcome outcome)
    {
        if (outcome.Amount is { } reported)
        {
            if (reported.IsDefault)
            {
                return "the provider reported an amount without a currency";
            }

            if (!string.Equals(reported.Currency, expected.Currency, StringComparison.OrdinalIgnoreCase))
            {
                return $"the provider reported {reported}, in another currency than the payment's {expected}";
            }

            if (reported.Amount != expected.Amount)
            {
                return $"the provider reported {reported}, not the payment's {expected}";
            }
        }

        if (outcome.Payer is { Length: > 0 } payer && instrument is MobileMoneyInstrument wallet && !SamePhone(payer, wallet.PhoneNumber))
        {
            return $"the provider reported another payer ({MaskedPayer(payer)}) than the attempt's ({wallet.PhoneNumber.Masked})";
        }

        return null;
    }

    /// <summary>
    /// Returns why a provider reference the attempt does not hold yet may not be bound to it, or <see langword="null"/> when it may.
    /// A verified attempt (a token the library signed, the provider's own key in a signed or queried answer) is bound when the
    /// provider's time (if reported) falls in the attempt's window; an unverified one needs a reported amount that matches (and payer
    /// and time, where reported). Either way a reported amount is checked again before a success counts.
    /// </summary>
    public static string? WhyNotBinding(PaymentAttempt attempt, Money expected, ProviderOutcome outcome, bool verified, DateTimeOffset now)
    {
        if (outcome.OccurredAt is { } at && (at < attempt.StartedAt - ClockSkew || at > now + ClockSkew))
        {
            return "the provider's transaction happened outside the attempt's time window";
        }

        if (verified)
        {
            return null; // the provider answered about this attempt's own key; a reported amount is still checked before any success
        }

        return outcome.Amount is null
            ? "nothing proves that the provider's transaction belongs to this attempt (no signed token, no amount reported)"
            : WhyNotMatching(expected, attempt.Instrument, outcome);
    }

    /// <summary>Masks a payer as reported by a provider (a phone number or an account) for storing with a mismatch.</summary>
    public static string MaskedPayer(string payer)
    {
        var digits = Digits(payer);
        if (PhoneNumber.TryParse(digits, out var phone))
        {
            return phone.Masked;
        }

        return digits.Length >= 6
            ? string.Create(CultureInfo.InvariantCulture, $"{digits[..2]}****{digits[^2..]}")
            : "****";
    }

    private static bool SamePhone(string reported, PhoneNumber expected)
    {
        var digits = Digits(reported);
        if (digits.Length < 9)
        {
            return false;
        }

        // Providers write the number as 2547..., 07..., 7... or +254 7...: compare the national significant number (the last 9 digits).
        return digits.AsSpan(digits.Length - 9).SequenceEqual(expected.NationalSignificantNumber.AsSpan());
    }

    private static string Digits(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) && n < buffer.Length)
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }
}
