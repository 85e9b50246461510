using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The control port's endpoints that only the Paystack simulator has (under <c>/paystack/</c>): a checkout completed without a
/// browser, as the simulator's checkout page (<c>authorization_url</c>) completes it with its buttons.
/// <c>POST /paystack/checkout/{reference}/pay</c> (the payer pays: <c>charge.success</c> webhook, verify <c>success</c>),
/// <c>POST /paystack/checkout/{reference}/decline</c> (the payment fails: <c>charge.failed</c>, verify <c>failed</c>) and
/// <c>POST /paystack/checkout/{reference}/abandon</c> (the payer cancels: verify stays <c>abandoned</c>, no webhook); each answers
/// 204, or 404 when no unpaid checkout has that reference. M-Pesa charges waiting for the payer (<c>pay_offline</c>) can be paid
/// or declined the same way.
/// </summary>
internal static class PaystackControl
{
    /// <summary>Maps them.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fleet);
        app.MapPost("/paystack/checkout/{reference}/pay", async (string reference) => Done(await fleet.Paystack.CompleteAsync(reference, success: true)));
        app.MapPost("/paystack/checkout/{reference}/decline", async (string reference) => Done(await fleet.Paystack.CompleteAsync(reference, success: false)));
        app.MapPost("/paystack/checkout/{reference}/abandon", (string reference) => Done(fleet.Paystack.AbandonCheckout(reference)));
    }

    private static IResult Done(bool found) =>
        found ? Results.NoContent() : Results.Json(new { error = "reference: no unpaid checkout or waiting charge has this reference." }, statusCode: 404);
}
