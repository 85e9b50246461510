namespace Resilience.Payments.Tests.Storage;

public sealed class InMemoryPaymentStoreContractTests : PaymentStoreContractTests
{
    protected override Task<IPaymentStore> CreateStoreAsync() => Task.FromResult<IPaymentStore>(new InMemoryPaymentStore());
}
