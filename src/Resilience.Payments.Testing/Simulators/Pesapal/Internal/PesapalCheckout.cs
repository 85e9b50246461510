namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>
/// Serves <see cref="PesapalCheckoutPage"/>: GET shows an order (and marks it opened, so that the simulated payer leaves it to the
/// browser), the form's POST completes it (Pay or Cancel; its IPN follows in the background) and sends the browser back to the
/// merchant.
/// </summary>
/// <param name="gate">The simulator's lock over its orders.</param>
/// <param name="find">Finds an order by tracking id, under <paramref name="gate"/>.</param>
/// <param name="complete">Completes an order (paid when <see langword="true"/>, cancelled otherwise); changes its status before returning.</param>
internal sealed class PesapalCheckout(object gate, Func<string, PesapalOrder?> find, Action<PesapalOrder, bool> complete)
{
    /// <summary>Answers a request to the checkout page.</summary>
    public ResponseMessage Handle(IRequestMessage request) =>
        request.Method == "POST" ? Act(request) : Show(SimulatorJson.Query(request, "OrderTrackingId"));

    private ResponseMessage Show(string? trackingId)
    {
        lock (gate)
        {
            if (trackingId is null || find(trackingId) is not { ReplyDelivered: true } order)
            {
                return PesapalCheckoutPage.NotFound(); // an order whose answer never reached the merchant has no page
            }

            order.PageOpened = true;
            return order.StatusCode == 0 ? PesapalCheckoutPage.Render(order) : PesapalCheckoutPage.Decided(order);
        }
    }

    private ResponseMessage Act(IRequestMessage request)
    {
        var (trackingId, action) = PesapalCheckoutPage.ReadForm(request);
        PesapalOrder? order;
        lock (gate)
        {
            order = trackingId is null ? null : find(trackingId);
        }

        if (order is not { ReplyDelivered: true } || action is not ("pay" or "cancel"))
        {
            return PesapalCheckoutPage.NotFound();
        }

        complete(order, action == "pay"); // a decided order stays as it is: the browser just goes back
        bool cancelled;
        lock (gate)
        {
            cancelled = action == "cancel" && order.StatusCode == 2; // Cancel on a page kept by the browser after paying: back to the callback_url
        }

        return PesapalCheckoutPage.RedirectBack(order, cancelled);
    }
}
