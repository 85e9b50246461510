using System.Net;
using WireMock.Types;
using WireMock.Util;

namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>
/// The plumbing of the simulators' hosted pages (Paystack's checkout, Pesapal's <c>redirect_url</c>): one page shell that needs
/// no JavaScript, fits a phone (a viewport meta tag, wrapping text, buttons of touch size) and asks for no favicon; HTML escaping;
/// the HTML and redirect answers; and the way back to the merchant with the provider's parameters added to its query.
/// </summary>
internal static class HtmlPage
{
    // Readable on a phone: the text wraps, the buttons are of touch size (44 CSS pixels).
    private const string Style = "body{font-family:sans-serif;margin:1rem;max-width:32rem;overflow-wrap:anywhere}"
        + "button{min-width:8rem;min-height:44px;font-size:1rem;margin:.25rem .5rem .25rem 0}";

    /// <summary>A whole page: <paramref name="title"/> (escaped here) as its title and heading, then <paramref name="body"/> (already HTML).</summary>
    /// <param name="title">The title, plain text.</param>
    /// <param name="body">The body, HTML whose every value the caller escaped with <see cref="Encode"/>.</param>
    /// <param name="baseTarget">Where links and forms load (<c>_top</c>, <c>_parent</c>), or <see langword="null"/> for the page's own frame.</param>
    /// <param name="style">CSS added after the shared style (a constant of the page, never input).</param>
    /// <returns>The document.</returns>
    public static string Document(string title, string body, string? baseTarget = null, string? style = null) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<link rel=\"icon\" href=\"data:,\">"
        + (baseTarget is null ? string.Empty : $"<base target=\"{Encode(baseTarget)}\">")
        + $"<title>{Encode(title)}</title><style>{Style}{style}</style></head><body><h1>{Encode(title)}</h1>{body}</body></html>";

    /// <summary>Escapes <paramref name="text"/> for HTML text and attribute values.</summary>
    /// <param name="text">Any text, hostile included.</param>
    /// <returns>The escaped text.</returns>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An HTML answer.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="html">The document.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage Respond(int status, string html) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("text/html; charset=utf-8") },
        BodyData = new BodyData { BodyAsString = html, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    /// <summary>The browser's way back (HTTP 302 to <paramref name="target"/>).</summary>
    /// <param name="target">Where the browser goes.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage Redirect(Uri target) => new()
    {
        StatusCode = 302,
        Headers = new Dictionary<string, WireMockList<string>> { ["Location"] = new(target.AbsoluteUri) },
    };

    /// <summary>
    /// The merchant's <paramref name="url"/> with <paramref name="parameters"/> added to its query (its own query and fragment
    /// kept), or <see langword="null"/> when it is not an absolute http(s) URL.
    /// </summary>
    /// <param name="url">The merchant's URL (a <c>callback_url</c>).</param>
    /// <param name="parameters">The names and values to add; the values are escaped here.</param>
    /// <returns>The URL.</returns>
    public static Uri? WayBack(string? url, params (string Name, string Value)[] parameters)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var added = string.Join('&', parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value)));
        var query = target.Query.TrimStart('?');
        return new UriBuilder(target) { Query = query.Length == 0 ? added : query + "&" + added }.Uri;
    }
}
