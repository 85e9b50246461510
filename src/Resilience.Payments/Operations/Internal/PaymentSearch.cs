using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Operations.Internal;

/// <summary>
/// Search by payment key, account reference, or the payer's phone number: a whole number (any Kenyan form), its last digits (four or
/// more), or its masked form (<c>2547****5678</c>). Phone matches look at the payments of <see cref="PaymentOperations.ScanWindow"/>.
/// </summary>
internal sealed class PaymentSearch(IPaymentStore store, TimeProvider time)
{
    private const int MinDigits = 4;

    public async Task<IReadOnlyList<PaymentResult>> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        OperatorInput.Require(text, "text");
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        text = text.Trim();
        var found = new List<PaymentRecord>();
        if (await store.GetAsync(text, cancellationToken).ConfigureAwait(false) is { } byKey)
        {
            found.Add(byKey);
        }

        if (store is IRefundStore refunds)
        {
            found.AddRange(await refunds.ListByAccountReferenceAsync(text, DateTimeOffset.MinValue, limit, cancellationToken).ConfigureAwait(false));
        }

        if (PhonePattern.TryParse(text) is { } pattern)
        {
            var matches = await PaymentScanner.ScanAsync(
                store,
                new PaymentQuery { CreatedFrom = time.GetUtcNow() - PaymentOperations.ScanWindow },
                record => record.Request.Instruments.Any(i => Phone(i) is { } phone && pattern.Matches(phone)),
                cancellationToken).ConfigureAwait(false);
            matches.Reverse(); // newest first
            found.AddRange(matches);
        }

        return found.DistinctBy(r => r.Key, StringComparer.Ordinal).Take(limit).Select(r => new PaymentResult(r)).ToList();
    }

    private static string? Phone(PaymentInstrument instrument) => instrument switch
    {
        MobileMoneyInstrument m => m.PhoneNumber.Value,
        BankCheckoutInstrument { PhoneNumber: { } phone } => phone.Value,
        _ => null,
    };

    /// <summary>A phone number to look for: a start (of the normalized 254… form) and an end.</summary>
    private sealed record PhonePattern(string Start, string End)
    {
        public bool Matches(string phone) =>
            phone.Length >= Start.Length + End.Length
            && phone.StartsWith(Start, StringComparison.Ordinal)
            && phone.EndsWith(End, StringComparison.Ordinal);

        public static PhonePattern? TryParse(string text)
        {
            if (PhoneNumber.TryParse(text, out var whole))
            {
                return new PhonePattern(whole.Value, string.Empty);
            }

            var star = text.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0)
            {
                // The masked form the views show: 2547****5678 (or 07****5678).
                var start = Digits(text[..star]);
                var end = Digits(text[(text.LastIndexOf('*') + 1)..]);
                if (start is null || end is null || end.Length < MinDigits)
                {
                    return null;
                }

                return new PhonePattern(start.StartsWith('0') ? "254" + start[1..] : start, end);
            }

            var digits = Digits(text);
            return digits is { Length: >= MinDigits } ? new PhonePattern(string.Empty, digits) : null;
        }

        private static string? Digits(string text)
        {
            var digits = text.Where(char.IsAsciiDigit).ToArray();
            return text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+') ? new string(digits) : null;
        }
    }
}
