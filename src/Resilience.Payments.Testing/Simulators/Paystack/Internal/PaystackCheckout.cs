namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// The simulator's own checkout page, standing in for <c>checkout.paystack.com</c>: <c>GET /checkout/{access_code}</c> shows the
/// amount and two plain HTML forms, Pay (<c>POST /checkout/{access_code}/pay</c>: the test card pays, or is declined under a
/// <see cref="SimulatorFaultKind.Decline"/> fault) and Cancel (<c>POST /checkout/{access_code}/cancel</c>: the payer closes the
/// checkout, which stays <c>abandoned</c>; a transaction already decided stays as it is, whichever button a page kept by the browser
/// sends). After paying, the payer is sent back to the initialize's <c>callback_url</c> with
/// <c>?trxref={reference}&amp;reference={reference}</c>, as Paystack does (https://paystack.com/docs/payments/accept-payments/#redirect);
/// after cancelling, to <c>metadata.cancel_action</c> when given (https://paystack.com/docs/payments/metadata/#cancel-action), else
/// to the <c>callback_url</c> likewise. Not behind the API's key nor its request faults: the real page is another host.
/// Everything shown is HTML-escaped; the customer's e-mail address is shown masked (<c>p•••@example.com</c>), no card number;
/// the page needs no JavaScript, fits a phone's screen (a viewport meta tag, buttons of touch size) and asks for no favicon.
/// </summary>
internal sealed class PaystackCheckout
{
    /// <summary>The page's path under the simulator's base address.</summary>
    public const string Prefix = "checkout/";

    private const string PathPrefix = "/" + Prefix;

    // On a phone the buttons are full width (the shared page style makes them of touch size).
    private const string Style = "form{margin:.75rem 0}button{width:100%;margin:0}";

    private readonly PaystackSimulator _simulator;
    private readonly PaystackTransactionDesk _desk;

    public PaystackCheckout(PaystackSimulator simulator, PaystackTransactionDesk desk)
    {
        _simulator = simulator;
        _desk = desk;
    }

    /// <summary>Whether the request is for the checkout page.</summary>
    public static bool Handles(string path) => path.StartsWith(PathPrefix, StringComparison.Ordinal);

    /// <summary>Answers <c>GET /checkout/{code}</c>, <c>POST /checkout/{code}/pay</c> and <c>POST /checkout/{code}/cancel</c>.</summary>
    public ResponseMessage Handle(IRequestMessage request, string path)
    {
        var parts = path[PathPrefix.Length..].Split('/');
        if (parts.Length is < 1 or > 2 || _desk.FindCheckout(Uri.UnescapeDataString(parts[0])) is not { } view)
        {
            return HtmlPage.Respond(404, HtmlPage.Document("Checkout not found", "<p>This checkout does not exist.</p>"));
        }

        if (parts.Length == 1 && request.Method == "GET")
        {
            return HtmlPage.Respond(200, Render(view));
        }

        if (parts.Length != 2 || request.Method != "POST")
        {
            return HtmlPage.Respond(405, HtmlPage.Document("Method not allowed", "<p>Use the buttons of the checkout page.</p>"));
        }

        switch (parts[1])
        {
            case "pay":
                if (view.Status == "abandoned") // a page kept by the browser (Back) may be sent again: a decided transaction stays as it is
                {
                    // The transaction and the books change before CompleteAsync returns its task; the webhook goes on in the background
                    // (WhenCallbacksSentAsync waits for it): the payer's browser never waits for the merchant's webhook endpoint.
                    var decline = _simulator.Draw(SimulatorFaultKind.Decline);
                    _ = _desk.CompleteAsync(view.Reference, success: decline is null, decline?.Code, request.ClientIP);
                }

                return BackTo(view.CallbackUrl, view, _desk.FindCheckout(view.AccessCode)?.Status == "success" ? "Payment complete" : "Payment declined");
            case "cancel": // only an unpaid checkout is cancelled; after paying, the payer goes back to the callback_url, never the cancel page
                return _desk.Abandon(view.Reference)
                    ? BackTo(view.CancelAction ?? view.CallbackUrl, view, "Payment cancelled")
                    : BackTo(view.CallbackUrl, view, "No longer awaiting payment");
            default:
                return HtmlPage.Respond(404, HtmlPage.Document("Not found", "<p>Unknown checkout action.</p>"));
        }
    }

    /// <summary>The URL the payer is sent back to: <paramref name="url"/> with <c>trxref</c> and <c>reference</c> added.</summary>
    public static Uri? ReturnUrl(string? url, string reference) => HtmlPage.WayBack(url, ("trxref", reference), ("reference", reference));

    private static ResponseMessage BackTo(string? url, PaystackCheckoutView view, string title)
    {
        if (ReturnUrl(url, view.Reference) is { } target)
        {
            return HtmlPage.Redirect(target);
        }

        return HtmlPage.Respond(200, HtmlPage.Document(title, $"<p>{HtmlPage.Encode(title)} for reference <code>{HtmlPage.Encode(view.Reference)}</code>. You can close this page.</p>"));
    }

    private static string Render(PaystackCheckoutView view)
    {
        var amount = HtmlPage.Encode(string.Create(CultureInfo.InvariantCulture, $"{view.Currency} {view.AmountMinor / 100m:N2}"));
        var action = PathPrefix + Uri.EscapeDataString(view.AccessCode);
        var body = new StringBuilder()
            .Append("<p>Pay <strong id=\"amount\">").Append(amount).Append("</strong> as <span id=\"customer\">").Append(HtmlPage.Encode(Masked(view.Email))).Append("</span></p>")
            .Append("<p>Reference <code id=\"reference\">").Append(HtmlPage.Encode(view.Reference)).Append("</code> &middot; status <code>").Append(HtmlPage.Encode(view.Status)).Append("</code></p>");
        if (view.Status == "abandoned")
        {
            body.Append("<p>Test card: Visa ending 4081.</p>")
                .Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(action + "/pay")).Append("\"><button type=\"submit\">Pay ").Append(amount).Append("</button></form>")
                .Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(action + "/cancel")).Append("\"><button type=\"submit\">Cancel payment</button></form>");
        }
        else
        {
            body.Append("<p>This transaction is no longer awaiting payment.</p>");
        }

        return HtmlPage.Document("Paystack checkout (simulator)", body.ToString(), style: Style);
    }

    /// <summary>An e-mail address as the page shows it: the first character of the local part and the domain (<c>p•••@example.com</c>).</summary>
    public static string Masked(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "•••" : string.Concat(email.AsSpan(0, 1), "•••", email.AsSpan(at));
    }
}
