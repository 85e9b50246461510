using System;
using System.Security.Cryptography;
using System.Text;
using Resilience.Payments.Paystack.Internal;

namespace Resilience.Payments.Paystack;

/// <summary>
/// Paystack webhooks: verifies <c>x-paystack-signature</c> (lowercase hex HMAC-SHA512 of the raw body keyed with the secret
/// key, compared in constant time) and turns <c>charge.success</c> / <c>charge.failed</c> into a <see cref="ProviderUpdate"/>
/// for <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/>. Malformed input is refused, never thrown.
/// </summary>
internal sealed class PaystackWebhook
{
    /// <summary>The header that carries the signature.</summary>
    public const string SignatureHeader = "x-paystack-signature";

    private const int SignatureHexLength = 128; // 64 bytes of HMAC-SHA512

    private readonly string _secretKey;

    /// <summary>Creates a webhook reader.</summary>
    /// <param name="secretKey">The Paystack secret key, which signs webhooks.</param>
    /// <param name="providerName">The provider name the updates carry; <see cref="PaystackOptions.DefaultName"/> by default.</param>
    /// <exception cref="ArgumentException">The key or the name is empty.</exception>
    public PaystackWebhook(string secretKey, string providerName = PaystackOptions.DefaultName)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        _secretKey = secretKey;
        ProviderName = providerName;
    }

    /// <summary>Gets the provider name the updates carry.</summary>
    public string ProviderName { get; }

    /// <summary>Whether <paramref name="signatureHeader"/> is the lowercase hex HMAC-SHA512 of <paramref name="rawBody"/> under <paramref name="secretKey"/>.</summary>
    /// <param name="rawBody">The request body exactly as received, before any parsing.</param>
    /// <param name="signatureHeader">The value of <c>x-paystack-signature</c>; <see langword="null"/> when absent.</param>
    /// <param name="secretKey">The Paystack secret key.</param>
    /// <returns><see langword="true"/> only for an exact match, compared in constant time.</returns>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public static bool VerifySignature(ReadOnlySpan<byte> rawBody, string? signatureHeader, string secretKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        if (signatureHeader is null || signatureHeader.Length != SignatureHexLength)
        {
            return false; // the length is public: Paystack's signature always has 128 hex digits
        }

        Span<byte> mac = stackalloc byte[HMACSHA512.HashSizeInBytes];
        HMACSHA512.HashData(Encoding.UTF8.GetBytes(secretKey), rawBody, mac);
        Span<byte> expected = stackalloc byte[SignatureHexLength];
        for (var i = 0; i < mac.Length; i++)
        {
            expected[2 * i] = Hex(mac[i] >> 4);
            expected[(2 * i) + 1] = Hex(mac[i] & 0xF);
        }

        Span<byte> given = stackalloc byte[SignatureHexLength];
        for (var i = 0; i < SignatureHexLength; i++)
        {
            var c = signatureHeader[i];
            given[i] = c < 128 ? (byte)c : (byte)0; // non-ASCII can never match a hex digit
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Whether <paramref name="signatureHeader"/> is the signature of <paramref name="rawBody"/> under this reader's key (constant time).</summary>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of <c>x-paystack-signature</c>; <see langword="null"/> when absent.</param>
    /// <returns><see langword="true"/> only for an exact match.</returns>
    public bool VerifiesSignature(ReadOnlySpan<byte> rawBody, string? signatureHeader) => VerifySignature(rawBody, signatureHeader, _secretKey);

    /// <summary>Verifies the signature with this reader's key, then parses the body.</summary>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The value of <c>x-paystack-signature</c>.</param>
    /// <param name="update">The update to apply, when this returns <see langword="true"/>.</param>
    /// <param name="error">Why the webhook was refused, when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the webhook is genuine and carries a charge outcome.</returns>
    public bool TryVerifyAndParse(ReadOnlySpan<byte> rawBody, string? signatureHeader, out ProviderUpdate? update, out string? error)
    {
        if (!VerifySignature(rawBody, signatureHeader, _secretKey))
        {
            update = null;
            error = "the x-paystack-signature header is missing or does not match the body";
            return false;
        }

        return TryParse(rawBody, out update, out error);
    }

    /// <summary>Parses a <c>charge.success</c> or <c>charge.failed</c> body. Does not verify the signature: call <see cref="VerifySignature"/> first.</summary>
    /// <param name="rawBody">The request body.</param>
    /// <param name="update">The update: the attempt reference is <c>data.reference</c> (<see cref="ProviderUpdate.AttemptVerified"/>: Paystack's own key, from a signed body); a success carries the amount, currency, paying wallet and time Paystack reports (without an amount it is <see cref="OutcomeKind.Unknown"/>).</param>
    /// <param name="error">Why the body was not taken.</param>
    /// <returns><see langword="true"/> when the body is a charge event with a reference.</returns>
    public bool TryParse(ReadOnlySpan<byte> rawBody, out ProviderUpdate? update, out string? error)
    {
        update = null;
        var answer = PaystackJson.TryRead(rawBody);
        if (answer is null)
        {
            error = "the body is not a JSON object";
            return false;
        }

        if (answer.Data is not { Reference: { Length: > 0 } reference } data)
        {
            error = "the body has no data.reference";
            return false;
        }

        ProviderOutcome outcome;
        switch (answer.Event)
        {
            case "charge.success":
                // The amount, currency, wallet and time Paystack signed: the gateway settles the payment only when they match it
                // (a transaction someone else opened under this reference for KES 1 is recorded as a mismatch, never a success).
                outcome = PaystackOutcomes.Success(data, reference);
                break;
            case "charge.failed":
                outcome = PaystackOutcomes.Declined(data, "charge failed", reference);
                break;
            default:
                error = answer.Event is null ? "the body has no event" : $"event '{answer.Event}' is not a charge outcome";
                return false;
        }

        update = new ProviderUpdate
        {
            Provider = ProviderName,
            AttemptReference = reference,
            ProviderReference = reference,
            Outcome = outcome,
            Source = OutcomeSource.Callback,

            // data.reference is the key Paystack itself keeps the transaction under (it refuses a second transaction with it), read
            // from a body Paystack signed: it names the attempt. Whether the transaction is the one the attempt asked for is the
            // amount check's job (safety rules 8 and 10).
            AttemptVerified = true,
        };
        error = null;
        return true;
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
