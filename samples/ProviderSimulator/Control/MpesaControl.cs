using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Resilience.Payments.Testing.Simulators.Mpesa;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The control port's endpoints that only the Mpesa simulator has (under <c>/mpesa/</c>): the initiator credentials of the Reversal
/// and Transaction Status APIs with the certificate that stands for Safaricom's (<c>GET /mpesa/initiator</c>), and the token
/// revocation fault (<c>POST</c> turns it on, <c>DELETE</c> off: <c>/mpesa/revoke-previous-tokens</c>).
/// </summary>
internal static class MpesaControl
{
    /// <summary>Maps them.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fleet);
        var daraja = fleet.Daraja;

        // SDKs encrypt the initiator password with the certificate they are given (Safaricom's by default): give them this one.
        app.MapGet("/mpesa/initiator", () => Results.Json(new
        {
            initiatorName = daraja.InitiatorName,
            initiatorPassword = daraja.InitiatorPassword,
            certificatePem = DarajaSimulator.CertificatePem,
        }));

        // Issuing a token revokes the ones issued before (off by default: tokens coexist until they expire).
        app.MapPost("/mpesa/revoke-previous-tokens", () => Results.Json(new { revokePreviousTokens = daraja.RevokePreviousTokens().RevokesPreviousTokens }));
        app.MapDelete("/mpesa/revoke-previous-tokens", () => Results.Json(new { revokePreviousTokens = daraja.RevokePreviousTokens(false).RevokesPreviousTokens }));
    }
}
