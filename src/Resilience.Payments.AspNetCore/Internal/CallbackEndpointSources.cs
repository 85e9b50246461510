using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>The callback endpoint sources mapped in this application (a singleton), for <see cref="CallbackEndpointsStartup"/>.</summary>
internal sealed class CallbackEndpointSources
{
    private readonly List<CallbackEndpointDataSource> _all = [];

    public IReadOnlyList<CallbackEndpointDataSource> All
    {
        get
        {
            lock (_all)
            {
                return _all.ToArray();
            }
        }
    }

    public void Add(CallbackEndpointDataSource source)
    {
        lock (_all)
        {
            _all.Add(source);
        }
    }
}
