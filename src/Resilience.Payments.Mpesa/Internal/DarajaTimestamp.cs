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
