using System.Collections.Generic;

namespace Resilience.Payments.Internal;

/// <summary>Checks a <see cref="RefundRequest"/>'s own fields; every error names its field. Nothing is read or stored before it passes.</summary>
internal static class RefundRequestValidator
{
    /// <summary>The longest refund key: room for a payment key and the <c>:reverse:{n}</c> of a derived reversal key.</summary>
    public const int MaxKeyLength = 64;
    public const int MaxReasonLength = 200;

    public static void ThrowIfInvalid(RefundRequest? request)
    {
        if (request is null)
        {
            throw PaymentValidationException.For("request", "A refund request is required.");
        }

        var errors = new List<PaymentValidationError>();
        CheckKey(request.RefundKey, nameof(RefundRequest.RefundKey), errors);
        CheckKey(request.PaymentKey, nameof(RefundRequest.PaymentKey), errors);
        if (request.Amount is { } amount)
        {
            if (amount.IsDefault)
            {
                errors.Add(new(nameof(RefundRequest.Amount), "The amount has no currency; leave it unset to refund everything still refundable."));
            }
            else if (amount.Amount <= 0m)
            {
                errors.Add(new(nameof(RefundRequest.Amount), "The amount must be greater than zero."));
            }
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            errors.Add(new(nameof(RefundRequest.Reason), $"The reason may hold at most {MaxReasonLength} characters."));
        }

        if (request.AttemptNumber is <= 0)
        {
            errors.Add(new(nameof(RefundRequest.AttemptNumber), "The attempt number starts at 1."));
        }

        if (errors.Count > 0)
        {
            throw new PaymentValidationException(errors);
        }
    }

    private static void CheckKey(string? key, string field, List<PaymentValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add(new(field, "A key is required."));
        }
        else if (key.Length > MaxKeyLength)
        {
            errors.Add(new(field, $"The key may hold at most {MaxKeyLength} characters."));
        }
        else
        {
            foreach (var c in key)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
                {
                    errors.Add(new(field, "The key may contain only ASCII letters, digits and - _ . :"));
                    return;
                }
            }
        }
    }
}
