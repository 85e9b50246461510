using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Payments.DependencyInjection.Internal;

internal sealed class PaymentGatewayBuilder(IServiceCollection services) : IPaymentGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}
