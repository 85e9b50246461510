using System;
using System.Globalization;
using System.Threading;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// The lease owners of one gateway: a random prefix (40 random bits tell restarts apart) and a counter, no random number per
/// call. New payments are created leased to <see cref="Pay"/>, one owner for every pay run in this gateway: a record is
/// created once, leased to it only then, and in-process coalescing lets one run per key at a time, so a run that lost its
/// lease (to a worker's claim, always another owner) can never find it held by that owner again.
/// </summary>
internal sealed class LeaseOwners
{
    private readonly string _prefix;
    private long _count;

    public LeaseOwners(string instance)
    {
        _prefix = string.Create(CultureInfo.InvariantCulture, $"{instance}/{Guid.NewGuid().ToString("N")[..10]}.");
        Pay = _prefix + "pay";
    }

    /// <summary>Gets the owner of every payment this gateway creates.</summary>
    public string Pay { get; }

    /// <summary>Returns an owner unique to one claim.</summary>
    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{_prefix}{Interlocked.Increment(ref _count)}");
}
