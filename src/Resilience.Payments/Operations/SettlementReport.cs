using System;
using System.Collections.Generic;
using System.IO;
using Resilience.Payments.Operations.Internal;

namespace Resilience.Payments;

/// <summary>
/// The daily settlement report for a treasury: the payments created on one local day, per provider and currency, as they stand when
/// the report is made (refunds of the day's payments count whenever they succeeded).
/// </summary>
public sealed record SettlementReport
{
    /// <summary>The provider name of payments never sent to any provider (queued, or failed before routing).</summary>
    public const string NoProvider = "(none)";

    /// <summary>Gets the local day reported.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Gets the local time's offset from UTC (Kenya: +03:00).</summary>
    public required TimeSpan UtcOffset { get; init; }

    /// <summary>Gets the day's first instant.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Gets the next day's first instant (excluded).</summary>
    public required DateTimeOffset Before { get; init; }

    /// <summary>Gets when the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets the lines, by provider then currency (ordinal).</summary>
    public required IReadOnlyList<SettlementLine> Lines { get; init; }

    /// <summary>
    /// Writes the report as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break;
    /// invariant culture; amounts in major units with the currency's decimals). Columns: <c>date, provider, currency, payments,
    /// succeeded, charged, extra_charges, extra_charged, refunds, refunded, unresolved, outstanding, not_charged</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void WriteCsv(TextWriter writer) => SettlementCsv.Write(this, writer);

    /// <summary>Returns the report as CSV (see <see cref="WriteCsv"/>).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteCsv(writer);
        return writer.ToString();
    }
}
