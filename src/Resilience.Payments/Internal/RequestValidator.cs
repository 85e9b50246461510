using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;

namespace Resilience.Payments.Internal;

/// <summary>Checks a request before anything is stored; every error names its field.</summary>
internal static class RequestValidator
{
    /// <summary>An amount up to this is within <see cref="Money.MaxMinorUnits"/> in every known currency: the usual request looks no further.</summary>
    private static readonly decimal SmallEnoughInEveryCurrency = LargestAmount(Currency.All.Max(static c => c.MinorUnits));

    public static void ThrowIfInvalid([NotNull] PaymentRequest? request, DateTimeOffset now)
    {
        if (request is null)
        {
            throw PaymentValidationException.For("request", "A request is required.");
        }

        // Allocated at the first error: a valid request (the hot path) allocates nothing here.
        List<PaymentValidationError>? errors = null;
        ValidateKey(request.IdempotencyKey, ref errors);

        if (request.Amount.IsDefault)
        {
            Add(ref errors, new("Amount", "An amount is required."));
        }
        else if (request.Amount.Amount <= 0)
        {
            Add(ref errors, new("Amount", "The amount must be greater than zero."));
        }
        else if (request.Amount.Amount > SmallEnoughInEveryCurrency && request.Amount.Amount > LargestAmount(request.Amount.Currency))
        {
            Add(ref errors, new("Amount", string.Create(
                CultureInfo.InvariantCulture,
                $"The amount is too large: at most {LargestAmount(request.Amount.Currency)} {request.Amount.Currency} ({Money.MaxMinorUnits} minor units) can be charged.")));
        }

        if (request.Instruments is null || request.Instruments.Count == 0)
        {
            Add(ref errors, new("Instruments", "At least one payment instrument is required."));
        }
        else
        {
            // One instrument cannot be listed twice: no set (nor canonical text) is needed.
            var seen = request.Instruments.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            for (var i = 0; i < request.Instruments.Count; i++)
            {
                var instrument = request.Instruments[i];
                if (instrument is null)
                {
                    Add(ref errors, new($"Instruments[{i}]", "An instrument must not be null."));
                }
                else if (seen is not null && !seen.Add(instrument.Canonical))
                {
                    Add(ref errors, new($"Instruments[{i}]", "The same instrument is listed twice."));
                }
            }
        }

        MaxLength(ref errors, "AccountReference", request.AccountReference, PaymentRequest.MaxAccountReferenceLength);
        MaxLength(ref errors, "Description", request.Description, PaymentRequest.MaxDescriptionLength);

        if (request.Metadata is null)
        {
            Add(ref errors, new("Metadata", "Metadata must not be null; leave it unset for none."));
        }
        else if (request.Metadata.Count > 0)
        {
            if (request.Metadata.Count > PaymentRequest.MaxMetadataEntries)
            {
                Add(ref errors, new("Metadata", $"At most {PaymentRequest.MaxMetadataEntries} entries are allowed."));
            }

            foreach (var (key, value) in request.Metadata)
            {
                if (string.IsNullOrEmpty(key) || key.Length > 64)
                {
                    Add(ref errors, new("Metadata", "Keys must be 1 to 64 characters."));
                }
                else if (value is null || value.Length > 512)
                {
                    Add(ref errors, new($"Metadata[{key}]", "Values must be set and at most 512 characters."));
                }
            }
        }

        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            Add(ref errors, new("ExpiresAt", "The expiry is already past."));
        }

        if (errors is not null)
        {
            throw new PaymentValidationException(errors);
        }
    }

    /// <summary>The largest amount in major units whose minor units do not exceed <see cref="Money.MaxMinorUnits"/>.</summary>
    internal static decimal LargestAmount(string currency) => LargestAmount(Currency.Get(currency).MinorUnits);

    private static decimal LargestAmount(int minorUnits) => Money.MaxMinorUnits / Money.MinorUnitFactor(minorUnits); // exact: a decimal holds 28 digits

    private static void Add(ref List<PaymentValidationError>? errors, PaymentValidationError error) => (errors ??= []).Add(error);

    private static void ValidateKey(string? key, ref List<PaymentValidationError>? errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            Add(ref errors, new("IdempotencyKey", "An idempotency key is required."));
            return;
        }

        if (key.Length > PaymentRequest.MaxIdempotencyKeyLength)
        {
            Add(ref errors, new("IdempotencyKey", $"The key is {key.Length} characters; at most {PaymentRequest.MaxIdempotencyKeyLength} are allowed."));
            return;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                Add(ref errors, new("IdempotencyKey", "The key may contain only ASCII letters, digits and - _ . :"));
                return;
            }
        }
    }

    private static void MaxLength(ref List<PaymentValidationError>? errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(ref errors, new(field, $"At most {max} characters are allowed."));
        }
    }
}
