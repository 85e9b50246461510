using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The control port's endpoints that only the Airtel simulator has (under <c>/airtel/</c>): how long the simulated payer takes to
/// answer the USSD prompt, and the payer's answer to one prompt now (approve, or decline with a <c>DP008000010xx</c> code).
/// </summary>
internal static class AirtelControl
{
    /// <summary>Maps them.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fleet);

        // POST /airtel/payer?delayMs=600000: the payer answers prompts that much later (a test answers them first, below).
        app.MapPost("/airtel/payer", (int delayMs) =>
        {
            if (delayMs < 0)
            {
                return Results.Json(new { error = $"delayMs: {delayMs} is negative." }, statusCode: 400);
            }

            fleet.AirtelSim.PayerDelay = TimeSpan.FromMilliseconds(delayMs);
            return Results.NoContent();
        });

        // POST /airtel/transactions/{id}/approve, or /decline?code=DP00800001007: 204 once the callback's deliveries are over,
        // 404 when no prompt of that transaction id is waiting for the payer.
        app.MapPost("/airtel/transactions/{id}/{answer}", async (string id, string answer, string? code) =>
        {
            if (answer is not ("approve" or "decline"))
            {
                return Results.Json(new { error = $"answer: '{answer}' is not approve or decline." }, statusCode: 404);
            }

            var declineCode = answer == "decline" ? code ?? "DP00800001008" : null;
            return await fleet.AirtelSim.CompleteAsync(id, declineCode)
                ? Results.NoContent()
                : Results.Json(new { error = $"id: no Airtel transaction '{id}' in progress." }, statusCode: 404);
        });
    }
}
