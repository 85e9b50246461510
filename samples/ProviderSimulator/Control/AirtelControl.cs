using CountyParking.Simulation;
using Microsoft.AspNetCore.Routing;

namespace ProviderSimulatorHost.Control;

/// <summary>The control port's endpoints that only the Airtel simulator has (under <c>/airtel/</c>).</summary>
internal static class AirtelControl
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
