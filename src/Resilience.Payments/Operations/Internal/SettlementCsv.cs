using System;
using System.Globalization;
using System.IO;

namespace Resilience.Payments.Operations.Internal;

/// <summary>Writes a <see cref="SettlementReport"/> as RFC 4180 CSV: invariant culture, CRLF, quoted where needed, amounts with the currency's decimals.</summary>
internal static class SettlementCsv
{
    public const string Header = "date,provider,currency,payments,succeeded,charged,extra_charges,extra_charged,refunds,refunded,unresolved,outstanding,not_charged";

    public static void Write(SettlementReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write("\r\n");
        var date = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var line in report.Lines)
        {
            var decimals = Currency.TryGet(line.Currency, out var currency) ? currency.MinorUnits : 2;
            string[] fields =
            [
                date,
                Quote(line.Provider),
                Quote(line.Currency),
                Count(line.Payments),
                Count(line.Succeeded),
                Amount(line.Charged, decimals),
                Count(line.ExtraCharges),
                Amount(line.ExtraCharged, decimals),
                Count(line.Refunds),
                Amount(line.Refunded, decimals),
                Count(line.Unresolved),
                Amount(line.Outstanding, decimals),
                Count(line.NotCharged),
            ];
            writer.Write(string.Join(',', fields));
            writer.Write("\r\n");
        }
    }

    /// <summary>Quotes a field when it holds a comma, a quote or a line break (RFC 4180), doubling its quotes.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Amount(decimal value, int decimals) =>
        decimal.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
