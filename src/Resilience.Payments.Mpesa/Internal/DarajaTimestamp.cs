using System;
using System.Globalization;
using System.Text;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>The Timestamp and Password of Lipa na M-Pesa Online requests.</summary>
internal static class DarajaTimestamp
{
    private static readonly TimeZoneInfo Nairobi = FindNairobi();

    /// <summary>Formats an instant as Daraja expects: <c>yyyyMMddHHmmss</c> in Africa/Nairobi time (UTC+3, no daylight saving).</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Nairobi).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Formats an instant as the Pull Transactions API expects: <c>yyyy-MM-dd HH:mm:ss</c> in Africa/Nairobi time.</summary>
    public static string FormatStatement(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Nairobi).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Reads a statement time: ISO 8601 with an offset, or a local Nairobi time (<c>yyyy-MM-dd HH:mm:ss</c>, <c>yyyyMMddHHmmss</c>).</summary>
    public static bool TryParseStatement(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            instant = parsed;
            return true;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            instant = new DateTimeOffset(local, Nairobi.GetUtcOffset(local));
            return true;
        }

        return false;
    }

    /// <summary>Reads a Daraja local time <c>yyyyMMddHHmmss</c> (Africa/Nairobi, as in a callback's TransactionDate).</summary>
    public static bool TryParseLocal(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || !DateTime.TryParseExact(text.Trim(), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        instant = new DateTimeOffset(local, Nairobi.GetUtcOffset(local));
        return true;
    }

    /// <summary>base64(ShortCode + Passkey + Timestamp).</summary>
    public static string Password(string shortCode, string passkey, string timestamp) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(shortCode, passkey, timestamp)));

    private static TimeZoneInfo FindNairobi()
    {
        foreach (var id in new[] { "Africa/Nairobi", "E. Africa Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        return TimeZoneInfo.CreateCustomTimeZone("Africa/Nairobi", TimeSpan.FromHours(3), "East Africa Time", "East Africa Time");
    }
}
