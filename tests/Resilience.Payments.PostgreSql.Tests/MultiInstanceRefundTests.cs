using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// Two gateway instances, each with its own store and connections, over one PostgreSQL schema, refunding one payment at once:
/// the refundable amount is checked and reserved in the payment's compare-and-swap write, so together they never refund more
/// than was captured, and the provider is never asked for more.
/// </summary>
public sealed class MultiInstanceRefundTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private const int RefundsPerInstance = 8;
    private static readonly Money Charged = Money.Kes(1000m);
    private static readonly Money Share = Money.Kes(300m);

    [Fact]
    public async Task RefundAsync_TwoInstancesRefundingOnePaymentAtOnce_NeverRefundMoreThanCaptured()
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        var provider = new FakePaymentProvider("mpesa"); // one provider (one ledger) behind both instances
        await using var storeA = database.CreateStore(schema);
        await using var storeB = database.CreateStore(schema);
        using var gatewayA = new PaymentGateway([provider], storeA, MsOptions.Create(new PaymentGatewayOptions()), TimeProvider.System);
        using var gatewayB = new PaymentGateway([provider], storeB, MsOptions.Create(new PaymentGatewayOptions()), TimeProvider.System);

        for (var round = 0; round < 3; round++)
        {
            var paymentKey = $"pay-{round}";
            var paid = await gatewayA.PayAsync(new PaymentRequest
            {
                IdempotencyKey = paymentKey,
                Amount = Charged,
                Instruments = [PaymentInstrument.MobileMoney("0712345678")],
                AccountReference = "KCA 123X",
            });
            Assert.Equal(PaymentStatus.Succeeded, paid.Status);

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = new[] { (Gateway: (IPaymentGateway)gatewayA, Name: "a"), (Gateway: gatewayB, Name: "b") }
                .SelectMany(instance => Enumerable.Range(0, RefundsPerInstance).Select(i => (instance.Gateway, Key: $"{paymentKey}-{instance.Name}{i}")))
                .Select(call => Task.Run(async () =>
                {
                    await start.Task;
                    try
                    {
                        return (call.Key, Result: await call.Gateway.RefundAsync(new RefundRequest { RefundKey = call.Key, PaymentKey = paymentKey, Amount = Share, Reason = "cancelled" }));
                    }
                    catch (RefundRefusedException)
                    {
                        return (call.Key, Result: (RefundResult?)null);
                    }
                }))
                .ToList();
            start.SetResult(); // all at once
            var results = await Task.WhenAll(calls);

            var record = (await storeB.GetAsync(paymentKey, default))!;
            var held = record.Refunds.Where(r => r.Status is not (RefundStatus.Rejected or RefundStatus.Failed)).Sum(r => r.Amount.Amount);
            Assert.True(held <= Charged.Amount, $"Refunds of {held} held against a charge of {Charged.Amount}.");
            var asked = provider.RefundRequests.Where(r => r.PaymentKey == paymentKey).ToList();
            Assert.True(asked.Sum(r => r.Amount.Amount) <= Charged.Amount, $"The provider was asked for {asked.Sum(r => r.Amount.Amount)}.");
            Assert.Equal(held, results.Where(r => r.Result is { Status: RefundStatus.Succeeded }).Sum(r => r.Result!.Amount.Amount));
            Assert.True(provider.Refunds.Where(r => r.PaymentKey == paymentKey).Sum(r => r.Amount.Amount) <= Charged.Amount, "The provider gave back more than it charged.");
            Assert.Equal((int)(Charged.Amount / Share.Amount), results.Count(r => r.Result is not null)); // as many as fit: 3 x 300, the rest refused
            foreach (var (key, result) in results)
            {
                var expected = result is null ? 0 : 1;
                Assert.Equal(expected, record.Refunds.Count(r => r.Key == key));
                Assert.Equal(expected, asked.Count(r => r.RefundKey == key));
                Assert.Equal(result is null ? null : paymentKey, (await storeA.FindByRefundKeyAsync(key, default))?.Key);
            }
        }
    }
}
