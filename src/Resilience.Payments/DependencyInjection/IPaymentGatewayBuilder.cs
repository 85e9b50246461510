using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Payments;

/// <summary>Configures the gateway registered by <see cref="PaymentServiceCollectionExtensions.AddPaymentGateway(IServiceCollection, System.Action{PaymentGatewayOptions})"/>: providers, store, observers.</summary>
public interface IPaymentGatewayBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
