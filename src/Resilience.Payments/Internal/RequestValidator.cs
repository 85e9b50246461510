using System;
using System.Collections.Generic;

namespace Resilience.Payments.Internal;

/// <summary>Checks a request before anything is stored; every error names its field.</summary>
internal static class RequestValidator
{
    public static void ThrowIfInvalid(PaymentRequest? request, DateTimeOffset now)
    {
        if (request is null)
        {
            throw PaymentValidationException.For("request", "A request is required.");
        }

        var errors = new List<PaymentValidationError>();
        ValidateKey(request.IdempotencyKey, errors);

        if (request.Amount.IsDefault)
        {
            errors.Add(new("Amount", "An amount is required."));
        }
        else if (request.Amount.Amount <= 0)
        {
            errors.Add(new("Amount", "The amount must be greater than zero."));
        }

        if (request.Instruments is null || request.Instruments.Count == 0)
        {
            errors.Add(new("Instruments", "At least one payment instrument is required."));
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.Instruments.Count; i++)
            {
                var instrument = request.Instruments[i];
                if (instrument is null)
                {
                    errors.Add(new($"Instruments[{i}]", "An instrument must not be null."));
                }
                else if (!seen.Add(instrument.Canonical))
                {
                    errors.Add(new($"Instruments[{i}]", "The same instrument is listed twice."));
                }
            }
        }

        MaxLength(errors, "AccountReference", request.AccountReference, PaymentRequest.MaxAccountReferenceLength);
        MaxLength(errors, "Description", request.Description, PaymentRequest.MaxDescriptionLength);

        if (request.Metadata is null)
        {
            errors.Add(new("Metadata", "Metadata must not be null; leave it unset for none."));
        }
        else
        {
            if (request.Metadata.Count > PaymentRequest.MaxMetadataEntries)
            {
                errors.Add(new("Metadata", $"At most {PaymentRequest.MaxMetadataEntries} entries are allowed."));
            }

            foreach (var (key, value) in request.Metadata)
            {
                if (string.IsNullOrEmpty(key) || key.Length > 64)
                {
                    errors.Add(new("Metadata", "Keys must be 1 to 64 characters."));
                }
                else if (value is null || value.Length > 512)
                {
                    errors.Add(new($"Metadata[{key}]", "Values must be set and at most 512 characters."));
                }
            }
        }

        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            errors.Add(new("ExpiresAt", "The expiry is already past."));
        }

        if (errors.Count > 0)
        {
            throw new PaymentValidationException(errors);
        }
    }

    private static void ValidateKey(string? key, List<PaymentValidationError> errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(new("IdempotencyKey", "An idempotency key is required."));
            return;
        }

        if (key.Length > PaymentRequest.MaxIdempotencyKeyLength)
        {
            errors.Add(new("IdempotencyKey", $"The key is {key.Length} characters; at most {PaymentRequest.MaxIdempotencyKeyLength} are allowed."));
            return;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                errors.Add(new("IdempotencyKey", "The key may contain only ASCII letters, digits and - _ . :"));
                return;
            }
        }
    }

    private static void MaxLength(List<PaymentValidationError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"At most {max} characters are allowed."));
        }
    }
}
