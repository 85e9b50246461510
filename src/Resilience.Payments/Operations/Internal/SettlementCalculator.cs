using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments.Operations.Internal;

/// <summary>Sums one day's payments per provider and currency (see <see cref="SettlementLine"/>). Pure.</summary>
internal static class SettlementCalculator
{
    public static IReadOnlyList<SettlementLine> Lines(IEnumerable<PaymentRecord> payments)
    {
        var lines = new Dictionary<(string Provider, string Currency), SettlementLine>();

        void Change((string, string) key, Func<SettlementLine, SettlementLine> change) =>
            lines[key] = change(lines.TryGetValue(key, out var line) ? line : new SettlementLine { Provider = key.Item1, Currency = key.Item2 });

        foreach (var record in payments)
        {
            var amount = record.Request.Amount;
            var provider = record.DecidingAttempt?.Provider ?? SettlementReport.NoProvider;
            Change((provider, amount.Currency), line => record.Status switch
            {
                PaymentStatus.Succeeded => line with { Payments = line.Payments + 1, Succeeded = line.Succeeded + 1, Charged = line.Charged + amount.Amount },
                PaymentStatus.Processing or PaymentStatus.Pending or PaymentStatus.ActionRequired =>
                    line with { Payments = line.Payments + 1, Unresolved = line.Unresolved + 1, Outstanding = line.Outstanding + amount.Amount },
                _ => line with { Payments = line.Payments + 1, NotCharged = line.NotCharged + 1 },
            });

            foreach (var extra in record.ExtraCharges)
            {
                Change((extra.Provider, extra.Amount.Currency), line => line with { ExtraCharges = line.ExtraCharges + 1, ExtraCharged = line.ExtraCharged + extra.Amount.Amount });
            }

            foreach (var refund in record.Refunds)
            {
                if (refund.Status == RefundStatus.Succeeded)
                {
                    Change((refund.Provider, refund.Amount.Currency), line => line with { Refunds = line.Refunds + 1, Refunded = line.Refunded + refund.Amount.Amount });
                }
            }
        }

        return lines.Values
            .OrderBy(l => l.Provider, StringComparer.Ordinal)
            .ThenBy(l => l.Currency, StringComparer.Ordinal)
            .ToList();
    }
}
