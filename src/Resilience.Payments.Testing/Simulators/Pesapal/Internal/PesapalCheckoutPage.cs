using System.Web;

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

    private const string Title = "Pesapal simulator checkout";

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
        var id = HtmlPage.Encode(order.TrackingId);
        var action = HtmlPage.Encode("Index?OrderTrackingId=" + Uri.EscapeDataString(order.TrackingId));
        return HtmlPage.Respond(200, HtmlPage.Document(Title, $"""
            <p>Order <strong id="merchant-reference">{HtmlPage.Encode(order.MerchantReference)}</strong>:
            <span id="amount">{HtmlPage.Encode(order.Currency)} {order.Amount.ToString("0.00", CultureInfo.InvariantCulture)}</span></p>
            <p id="description">{HtmlPage.Encode(order.OrderDescription ?? string.Empty)}</p>
            <form method="post" action="{action}">
            <input type="hidden" name="OrderTrackingId" value="{id}">
            <button type="submit" name="action" value="pay">Pay</button>
            <button type="submit" name="action" value="cancel">Cancel</button>
            </form>
            """, Target(order)));
    }

    /// <summary>The page of an order already decided: its status and a link back to the merchant.</summary>
    public static ResponseMessage Decided(PesapalOrder order)
    {
        var back = HtmlPage.Encode(ReturnUrl(order, cancelled: false).AbsoluteUri);
        var status = order.StatusCode switch { 1 => "Completed", 2 => "Failed", 3 => "Reversed", _ => "Pending" };
        return HtmlPage.Respond(200, HtmlPage.Document(Title, $"""
            <p>Order <strong>{HtmlPage.Encode(order.MerchantReference)}</strong>: <span id="status">{status}</span></p>
            <p><a href="{back}">Return to the merchant</a></p>
            """, Target(order)));
    }

    /// <summary>The answer to an unknown order.</summary>
    public static ResponseMessage NotFound() =>
        HtmlPage.Respond(404, HtmlPage.Document(Title, "<p>No such order.</p>"));

    /// <summary>The browser's redirect back to the merchant after the payer acted.</summary>
    public static ResponseMessage RedirectBack(PesapalOrder order, bool cancelled) => HtmlPage.Redirect(ReturnUrl(order, cancelled));

    /// <summary>
    /// Where the browser goes back to: the <c>callback_url</c> (or, after Cancel, the <c>cancellation_url</c> when given) with
    /// <c>OrderTrackingId</c>, <c>OrderMerchantReference</c> and <c>OrderNotificationType=CALLBACKURL</c> added to its query.
    /// </summary>
    public static Uri ReturnUrl(PesapalOrder order, bool cancelled)
    {
        var url = cancelled && order.CancellationUrl is { } cancel ? cancel : order.CallbackUrl ?? "about:blank";
        return HtmlPage.WayBack(url, ("OrderTrackingId", order.TrackingId), ("OrderMerchantReference", order.MerchantReference), ("OrderNotificationType", "CALLBACKURL"))
            ?? new Uri(url);
    }

    /// <summary>Where the way back loads: <c>_parent</c> for <c>redirect_mode</c> <c>PARENT_WINDOW</c>, else <c>_top</c> (Pesapal's default, TOP_WINDOW).</summary>
    public static string Target(PesapalOrder order) =>
        string.Equals(order.RedirectMode, "PARENT_WINDOW", StringComparison.OrdinalIgnoreCase) ? "_parent" : "_top";
}
