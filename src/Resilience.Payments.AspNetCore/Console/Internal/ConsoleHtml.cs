using System;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// Builds the console's HTML. Markup is written with <see cref="Raw"/> (constant strings of this assembly only); every value,
/// from the store or the request, goes through <see cref="Text"/>, <see cref="Scrubbed"/> or <see cref="Attr"/>, which
/// HTML-encode it.
/// </summary>
internal sealed class ConsoleHtml
{
    private readonly StringBuilder _html = new(8 * 1024);

    /// <summary>Appends markup as is: only constant strings of the console.</summary>
    public ConsoleHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Appends <paramref name="value"/> HTML-encoded (a key, a reference, a name); <c>–</c> when absent.</summary>
    public ConsoleHtml Text(string? value)
    {
        _html.Append(value is null or "" ? "–" : HtmlEncoder.Default.Encode(value));
        return this;
    }

    /// <summary>
    /// Appends text that came from outside (a provider's message, a reason, an account reference) scrubbed by
    /// <see cref="ProviderText.Scrub"/> (one line, phone and card numbers masked, bounded) and HTML-encoded.
    /// </summary>
    public ConsoleHtml Scrubbed(string? value) => Text(ProviderText.Scrub(value));

    /// <summary>Appends a number in the invariant culture.</summary>
    public ConsoleHtml Number(long value) => Raw(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>Appends an amount (<c>KES 1,250.00</c>).</summary>
    public ConsoleHtml Amount(Money amount) =>
        Text(string.Create(CultureInfo.InvariantCulture, $"{amount.Currency}\u00a0{amount.Amount:N2}"));

    /// <summary>Appends a time in UTC, in a <c>time</c> element, with its age relative to <paramref name="now"/>.</summary>
    public ConsoleHtml Time(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } value)
        {
            return Raw("–");
        }

        var utc = value.ToUniversalTime();
        Raw("<span><time datetime=\"").Text(utc.ToString("O", CultureInfo.InvariantCulture)).Raw("\">")
            .Text(utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Raw("Z</time>");
        return Raw(" <small>(").Text(Age(now - utc)).Raw(")</small></span>");
    }

    /// <summary>Appends an attribute's value HTML-encoded (use inside double quotes).</summary>
    public ConsoleHtml Attr(string value) => Raw(HtmlEncoder.Default.Encode(value));

    /// <summary>Describes a duration in words: <c>in 2 min</c>, <c>35 s ago</c>, <c>3 h 5 min ago</c>.</summary>
    public static string Age(TimeSpan elapsed)
    {
        var future = elapsed < TimeSpan.Zero;
        var span = future ? elapsed.Negate() : elapsed;
        string words = span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d";
        return future ? "in " + words : words + " ago";
    }

    /// <inheritdoc/>
    public override string ToString() => _html.ToString();
}
