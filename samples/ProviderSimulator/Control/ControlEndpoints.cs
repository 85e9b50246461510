using System.Text.Encodings.Web;
using System.Text.Json;
using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Resilience.Payments.Testing.Simulators;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The control port's endpoints: what runs where (<c>GET /</c>), each provider's ledger (<c>GET /ledgers</c>), its callbacks
/// (<c>GET /callbacks/{provider}</c>) and its faults at run time (<c>POST</c>/<c>DELETE /faults/{provider}</c>,
/// <c>POST /down/{provider}</c>, <c>POST /up/{provider}</c>), then each provider's own controls.
/// </summary>
internal static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Maps every control endpoint.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        var apis = new Dictionary<string, object>
        {
            ["mpesa"] = new { baseUrl = fleet.Daraja.BaseAddress, consumerKey = fleet.Daraja.ConsumerKey, consumerSecret = fleet.Daraja.ConsumerSecret, businessShortCode = fleet.Daraja.BusinessShortCode, passkey = fleet.Daraja.Passkey },
            ["airtel"] = new { baseUrl = fleet.AirtelSim.BaseAddress, clientId = fleet.AirtelSim.ClientId, clientSecret = fleet.AirtelSim.ClientSecret },
            ["paystack"] = new { baseUrl = fleet.Paystack.BaseAddress, secretKey = fleet.Paystack.SecretKey },
            ["pesapal"] = new { baseUrl = fleet.PesapalSim.BaseAddress, consumerKey = fleet.PesapalSim.ConsumerKey, consumerSecret = fleet.PesapalSim.ConsumerSecret },
        };
        var ledgers = () => fleet.Simulators.ToDictionary(s => s.ProviderName, s => s.Charges, StringComparer.Ordinal);
        app.MapGet("/", () => Results.Json(apis, Json));
        app.MapGet("/ledgers", () => Results.Json(ledgers(), Json));
        app.MapGet("/ledgers/{provider}", (string provider) => ledgers().TryGetValue(provider, out var ledger) ? Results.Json(ledger, Json) : Results.NotFound());
        app.MapGet("/refunds/{provider}", (string provider) => Find(fleet, provider) is { } s ? Results.Json(s.Refunds, Json) : UnknownProvider(provider));
        app.MapGet("/callbacks/{provider}", (string provider) => Find(fleet, provider) is { } s
            ? Results.Json(s.Callbacks.Select(c => new { c.Event, c.MerchantReference, c.ProviderReference, c.Url, c.Deliveries, c.CreatedAt }), Json)
            : UnknownProvider(provider));
        app.MapPost("/faults/{provider}", (string provider, FaultRequest body) =>
        {
            if (Find(fleet, provider) is not { } simulator)
            {
                return UnknownProvider(provider);
            }

            if (!body.TryBuild(simulator.TimeProvider.GetUtcNow(), out var fault, out var error))
            {
                return Results.Json(new { error }, Json, statusCode: 400);
            }

            try
            {
                simulator.AddFault(fault!);
            }
            catch (ArgumentException ex)
            {
                return Results.Json(new { error = $"{ex.ParamName}: {ex.Message}" }, Json, statusCode: 400);
            }

            return Results.Json(simulator.Faults.Select(f => new { kind = f.Kind.ToString(), f.Rate, f.Code, f.From, f.Until }), Json);
        });
        app.MapDelete("/faults/{provider}", (string provider) =>
        {
            if (Find(fleet, provider) is not { } simulator)
            {
                return UnknownProvider(provider);
            }

            simulator.ClearFaults();
            simulator.Up();
            return Results.NoContent();
        });
        app.MapPost("/down/{provider}", (string provider) => Switch(fleet, provider, s => s.Down()));
        app.MapPost("/up/{provider}", (string provider) => Switch(fleet, provider, s => s.Up()));
        MpesaControl.Map(app, fleet);
        AirtelControl.Map(app, fleet);
        PaystackControl.Map(app, fleet);
        PesapalControl.Map(app, fleet);
    }

    private static ProviderSimulator? Find(ProviderFleet fleet, string provider) =>
        fleet.Simulators.FirstOrDefault(s => string.Equals(s.ProviderName, provider, StringComparison.Ordinal));

    private static IResult UnknownProvider(string provider) =>
        Results.Json(new { error = $"provider: '{provider}' is not one of mpesa, airtel, paystack, pesapal." }, Json, statusCode: 404);

    private static IResult Switch(ProviderFleet fleet, string provider, Action<ProviderSimulator> action)
    {
        if (Find(fleet, provider) is not { } simulator)
        {
            return UnknownProvider(provider);
        }

        action(simulator);
        return Results.NoContent();
    }
}
