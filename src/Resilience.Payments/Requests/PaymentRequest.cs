using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>
/// One logical payment the application wants to take. The <see cref="IdempotencyKey"/> identifies it
/// for ever: submitting the same key again returns the same payment and never charges twice, across
/// retries, restarts and failovers.
/// </summary>
public sealed class PaymentRequest
{
    private readonly IReadOnlyList<PaymentInstrument> _instruments = [];
    private readonly IReadOnlyDictionary<string, string> _metadata = EmptyMetadata;

    /// <summary>The longest idempotency key accepted: attempt references (<c>{key}-{n}</c>) must fit every provider's reference field.</summary>
    public const int MaxIdempotencyKeyLength = 40;

    /// <summary>The longest account reference accepted.</summary>
    public const int MaxAccountReferenceLength = 64;

    /// <summary>The longest description accepted.</summary>
    public const int MaxDescriptionLength = 140;

    /// <summary>The most metadata entries accepted.</summary>
    public const int MaxMetadataEntries = 32;

    /// <summary>
    /// Gets the application's key for this payment: 1 to 40 characters of letters, digits and
    /// <c>-_.:</c>. Use something stable, such as an invoice or parking-session id.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets the amount to charge.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the payer's instruments, in the payer's order of preference. At least one is required.</summary>
    /// <remarks>The list is copied when set: changing the caller's list afterwards does not change the payment.</remarks>
    public required IReadOnlyList<PaymentInstrument> Instruments
    {
        get => _instruments;
        init => _instruments = value is null ? null! : [.. value];
    }

    /// <summary>Gets the reference the payer and the merchant see (for example a number plate or an account number).</summary>
    public string? AccountReference { get; init; }

    /// <summary>Gets a short description of what is paid for.</summary>
    public string? Description { get; init; }

    /// <summary>Gets application data kept with the payment (at most 32 entries). Never put secrets here.</summary>
    /// <remarks>The entries are copied when set: changing the caller's dictionary afterwards does not change the payment.</remarks>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init => _metadata = value is null ? null! : value.Count == 0 ? EmptyMetadata : new Dictionary<string, string>(value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Gets the instant after which no new attempt may start. A queued payment that reaches it becomes
    /// <see cref="PaymentStatus.Expired"/>. An attempt already sent is still reconciled to its true outcome.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// Gets a value indicating whether the payment may wait in the durable queue when no provider can
    /// take it now. When <see langword="false"/>, such a payment fails at once. Default <see langword="true"/>.
    /// </summary>
    public bool AllowQueue { get; init; } = true;

    private static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>();
}
