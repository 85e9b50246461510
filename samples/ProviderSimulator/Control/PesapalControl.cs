using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The control port's endpoints that only the Pesapal simulator has (under <c>/pesapal/</c>): the payer pays or cancels an order
/// without a browser (what the checkout page's buttons do, without the redirect), and the simulated payer is switched off or on.
/// </summary>
internal static class PesapalControl
{
    /// <summary>Maps them.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fleet);

        // POST /pesapal/orders/{orderTrackingId or merchant reference}/pay (or /cancel): 204 once the IPN's deliveries are over,
        // 404 when no unpaid order whose checkout page reached the merchant has that id.
        app.MapPost("/pesapal/orders/{reference}/{action}", async (string reference, string action) =>
        {
            if (action is not ("pay" or "cancel"))
            {
                return Results.Json(new { error = $"action: '{action}' is not pay or cancel." }, statusCode: 404);
            }

            return await fleet.PesapalSim.CompleteAsync(reference, success: action == "pay")
                ? Results.NoContent()
                : Results.Json(new { error = $"reference: no unpaid Pesapal order '{reference}'." }, statusCode: 404);
        });

        // POST /pesapal/payer?autoPay=false: the simulated payer stops paying orders on its own (a test pays or cancels them).
        app.MapPost("/pesapal/payer", (bool autoPay) =>
        {
            fleet.PesapalSim.AutoPay = autoPay;
            return Results.NoContent();
        });
    }
}
