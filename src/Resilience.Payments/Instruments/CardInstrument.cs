namespace Resilience.Payments;

/// <summary>
/// A saved card, identified by a provider's reusable token (for example a Paystack authorization
/// code). The library refuses anything that looks like a card number: card numbers must never reach
/// the application, its store or its logs.
/// </summary>
public sealed class CardInstrument : PaymentInstrument
{
    /// <summary>Creates the instrument.</summary>
    /// <param name="token">The provider's card token.</param>
    /// <exception cref="PaymentValidationException">The token is empty, too long, or looks like a card number.</exception>
    public CardInstrument(string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw PaymentValidationException.For(nameof(token), "A card token is required.");
        }

        if (token.Length > 128)
        {
            throw PaymentValidationException.For(nameof(token), "A card token is at most 128 characters.");
        }

        if (LooksLikeCardNumber(token))
        {
            throw PaymentValidationException.For(nameof(token), "This looks like a card number. Pass the provider's card token instead; card numbers must never be handled by the application.");
        }

        Token = token;
    }

    /// <summary>Gets the provider's card token. Not for logs.</summary>
    public string Token { get; }

    /// <inheritdoc />
    public override InstrumentKind Kind => InstrumentKind.Card;

    /// <inheritdoc />
    public override string Masked => Token.Length <= 8 ? "card ****" : $"card {Token[..4]}****";

    internal override string Canonical => $"card:{Token}";

    /// <summary>Returns whether the text is 12 to 19 digits (separators ignored) passing the Luhn check.</summary>
    internal static bool LooksLikeCardNumber(string text)
    {
        var sum = 0;
        var count = 0;
        var alternate = false;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is ' ' or '-' or '.' or '\t' or '/' or '_')
            {
                continue;
            }

            if (c is < '0' or > '9')
            {
                return false;
            }

            var digit = c - '0';
            if (alternate)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            alternate = !alternate;
            count++;
        }

        return count is >= 12 and <= 19 && sum % 10 == 0;
    }
}
