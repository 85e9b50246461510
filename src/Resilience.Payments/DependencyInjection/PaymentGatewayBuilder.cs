using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Payments.Internal;

internal sealed class PaymentGatewayBuilder(IServiceCollection services) : IPaymentGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}
