using CountyParking.Simulation;
using Microsoft.AspNetCore.Routing;

namespace ProviderSimulatorHost.Control;

/// <summary>The control port's endpoints that only the Mpesa simulator has (under <c>/mpesa/</c>).</summary>
internal static class MpesaControl
{
    /// <summary>Maps them.</summary>
    /// <param name="app">The control app.</param>
    /// <param name="fleet">The simulators.</param>
    public static void Map(IEndpointRouteBuilder app, ProviderFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(fleet);
    }
}
