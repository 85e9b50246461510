using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>A parsed allow-list of IP addresses and CIDR ranges. IPv4-mapped IPv6 addresses are compared as IPv4.</summary>
internal sealed class SourceAllowList
{
    private readonly IPNetwork[] _networks;

    private SourceAllowList(IPNetwork[] networks) => _networks = networks;

    /// <summary>Builds the list; the entries were validated by <see cref="PaymentCallbackOptions.Validate"/>.</summary>
    public static SourceAllowList Create(IEnumerable<string> sources)
    {
        var networks = new List<IPNetwork>();
        foreach (var source in sources)
        {
            if (!TryParse(source, out var network))
            {
                throw new ArgumentException($"'{source}' is not an IP address or CIDR range.", nameof(sources));
            }

            networks.Add(network);
        }

        return new SourceAllowList([.. networks]);
    }

    /// <summary>Parses <c>1.2.3.4</c>, <c>1.2.3.0/24</c>, <c>2001:db8::1</c> or <c>2001:db8::/32</c>.</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(text, out network))
            {
                return false;
            }

            if (network.BaseAddress.IsIPv4MappedToIPv6)
            {
                network = new IPNetwork(network.BaseAddress.MapToIPv4(), Math.Max(0, network.PrefixLength - 96));
            }

            return true;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        address = Normalize(address);
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>Whether <paramref name="address"/> is in one of the ranges; <see langword="false"/> for an unknown address.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
