using System;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>An IPN a <see cref="PesapalSimulator"/> produced when an order's status changed.</summary>
/// <param name="OrderTrackingId">The order tracking id.</param>
/// <param name="MerchantReference">The merchant reference.</param>
/// <param name="Method">How it was sent: <c>POST</c> (JSON body) or <c>GET</c> (query parameters).</param>
/// <param name="Url">Where it was sent: the registered IPN URL, or <see langword="null"/> when the order's notification id was unknown.</param>
/// <param name="Deliveries">How many requests got an HTTP answer (0 when lost; 2 when duplicated).</param>
/// <param name="At">When it was produced, on the simulator's clock.</param>
public sealed record PesapalSimulatedIpn(string OrderTrackingId, string MerchantReference, string Method, Uri? Url, int Deliveries, DateTimeOffset At);
