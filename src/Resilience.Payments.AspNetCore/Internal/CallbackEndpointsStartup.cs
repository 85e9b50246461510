using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// Builds the mapped callback endpoints when the host starts, after its options validation passed: a handler or gateway that
/// cannot be created, or two handlers sharing a name, fail the start instead of the first callback.
/// </summary>
internal sealed class CallbackEndpointsStartup(CallbackEndpointSources sources) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in sources.All)
        {
            _ = source.Endpoints;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
