using System.Net;
using System.Web;
using WireMock.Types;
using WireMock.Util;

namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>
/// The hosted checkout page an order's <c>redirect_url</c> points at, served by the simulator itself: <c>GET</c> shows the order
/// with Pay and Cancel buttons (a plain HTML form, everything shown HTML-escaped, no phone number or e-mail), the form's
/// <c>POST</c> completes the order (COMPLETED or FAILED, an IPN to the registered URL) and redirects the browser (HTTP 302) to the
/// order's <c>callback_url</c> with <c>OrderTrackingId</c>, <c>OrderMerchantReference</c> and
/// <c>OrderNotificationType=CALLBACKURL</c>, as Pesapal does; Cancel goes to the <c>cancellation_url</c> when the order gave one.
/// The merchant may show the page in an iframe: the way back loads in the top window (<c>&lt;base target="_top"&gt;</c>, for the form and the link), or in
/// the iframe's parent for <c>redirect_mode</c> <c>PARENT_WINDOW</c>, as Pesapal documents
/// (https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/submitorderrequest). No JavaScript needed; fits a phone; asks for no favicon.
/// </summary>
internal static class PesapalCheckoutPage
{
    /// <summary>The path of the page on the simulator (Pesapal's own is <c>/iframe/PesapalIframe3/Index</c> on its pay host).</summary>
    public const string Path = "/iframe/PesapalIframe3/Index";

    // Readable on a phone: the text wraps, the buttons are of touch size (44 CSS pixels).
    private const string Head = """<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Pesapal simulator checkout</title>"""
        + "<style>body{font-family:sans-serif;margin:1rem;max-width:32rem;overflow-wrap:anywhere}button{min-width:8rem;min-height:44px;font-size:1rem;margin:.25rem .5rem .25rem 0}</style>";

    /// <summary>Whether a path (after the API prefix is removed) is the checkout page: <c>/iframe/...</c> or <c>/pesapaliframe/...</c>.</summary>
    public static bool IsPage(string path) =>
        path.Equals(Path, StringComparison.OrdinalIgnoreCase) || path.Equals("/pesapaliframe/PesapalIframe3/Index", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page's URL for an order.</summary>
    public static Uri For(Uri baseAddress, string trackingId) =>
        new(baseAddress, Path.TrimStart('/') + "?OrderTrackingId=" + Uri.EscapeDataString(trackingId));

    /// <summary>Reads the button pressed (<c>pay</c> or <c>cancel</c>) and the tracking id from a form POST (the query as a fallback).</summary>
    public static (string? TrackingId, string? Action) ReadForm(IRequestMessage request)
    {
        var form = HttpUtility.ParseQueryString(request.Body ?? string.Empty);
        return (form["OrderTrackingId"] ?? SimulatorJson.Query(request, "OrderTrackingId"), form["action"]?.ToLowerInvariant());
    }

    /// <summary>The page of an order still waiting for the payer: what is paid for, and the two buttons.</summary>
    public static ResponseMessage Render(PesapalOrder order)
    {
        var id = WebUtility.HtmlEncode(order.TrackingId);
        var action = WebUtility.HtmlEncode("Index?OrderTrackingId=" + Uri.EscapeDataString(order.TrackingId));
        return Html(200, $"""
            <!DOCTYPE html>
            <html lang="en"><head>{Head}<base target="{Target(order)}"></head>
            <body>
            <h1>Pesapal simulator checkout</h1>
            <p>Order <strong id="merchant-reference">{WebUtility.HtmlEncode(order.MerchantReference)}</strong>:
            <span id="amount">{WebUtility.HtmlEncode(order.Currency)} {order.Amount.ToString("0.00", CultureInfo.InvariantCulture)}</span></p>
            <p id="description">{WebUtility.HtmlEncode(order.OrderDescription ?? string.Empty)}</p>
            <form method="post" action="{action}">
            <input type="hidden" name="OrderTrackingId" value="{id}">
            <button type="submit" name="action" value="pay">Pay</button>
            <button type="submit" name="action" value="cancel">Cancel</button>
            </form>
            </body></html>
            """);
    }

    /// <summary>The page of an order already decided: its status and a link back to the merchant.</summary>
    public static ResponseMessage Decided(PesapalOrder order)
    {
        var back = WebUtility.HtmlEncode(ReturnUrl(order, cancelled: false).AbsoluteUri);
        var status = order.StatusCode switch { 1 => "Completed", 2 => "Failed", 3 => "Reversed", _ => "Pending" };
        return Html(200, $"""
            <!DOCTYPE html>
            <html lang="en"><head>{Head}<base target="{Target(order)}"></head>
            <body><h1>Pesapal simulator checkout</h1>
            <p>Order <strong>{WebUtility.HtmlEncode(order.MerchantReference)}</strong>: <span id="status">{status}</span></p>
            <p><a href="{back}">Return to the merchant</a></p></body></html>
            """);
    }

    /// <summary>The answer to an unknown order.</summary>
    public static ResponseMessage NotFound() =>
        Html(404, $"<!DOCTYPE html>\n<html lang=\"en\"><head>{Head}</head><body><p>No such order.</p></body></html>");

    /// <summary>The browser's redirect back to the merchant after the payer acted.</summary>
    public static ResponseMessage RedirectBack(PesapalOrder order, bool cancelled) => new()
    {
        StatusCode = 302,
        Headers = new Dictionary<string, WireMockList<string>> { ["Location"] = new(ReturnUrl(order, cancelled).AbsoluteUri) },
    };

    /// <summary>
    /// Where the browser goes back to: the <c>callback_url</c> (or, after Cancel, the <c>cancellation_url</c> when given) with
    /// <c>OrderTrackingId</c>, <c>OrderMerchantReference</c> and <c>OrderNotificationType=CALLBACKURL</c> added to its query.
    /// </summary>
    public static Uri ReturnUrl(PesapalOrder order, bool cancelled)
    {
        var target = new Uri(cancelled && order.CancellationUrl is { } cancel ? cancel : order.CallbackUrl ?? "about:blank");
        if (target.Scheme is not ("http" or "https"))
        {
            return target;
        }

        var query = string.Create(CultureInfo.InvariantCulture, $"OrderTrackingId={Uri.EscapeDataString(order.TrackingId)}&OrderMerchantReference={Uri.EscapeDataString(order.MerchantReference)}&OrderNotificationType=CALLBACKURL");
        return new UriBuilder(target) { Query = string.IsNullOrEmpty(target.Query) ? query : target.Query.TrimStart('?') + "&" + query }.Uri;
    }

    /// <summary>Where the way back loads: <c>_parent</c> for <c>redirect_mode</c> <c>PARENT_WINDOW</c>, else <c>_top</c> (Pesapal's default, TOP_WINDOW).</summary>
    public static string Target(PesapalOrder order) =>
        string.Equals(order.RedirectMode, "PARENT_WINDOW", StringComparison.OrdinalIgnoreCase) ? "_parent" : "_top";

    private static ResponseMessage Html(int status, string html) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("text/html; charset=utf-8") },
        BodyData = new BodyData { BodyAsString = html, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };
}
