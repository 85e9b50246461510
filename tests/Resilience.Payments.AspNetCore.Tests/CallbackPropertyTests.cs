using System.Net;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Paystack;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>
/// Random and mutated bodies against the Daraja and Paystack handlers and through the Kestrel endpoint: never an unhandled
/// exception, never a state change from an invalid body. Seeded: each property draws its whole input list from one seed.
/// </summary>
public sealed class CallbackPropertyTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private const string Secret = "sk_test_property_0123";

    private static readonly Gen<string> Signature = Gen.OneOf(
        Gen.Char["0123456789abcdef"].Array[128].Select(c => new string(c)),
        Gen.Char["0123456789abcdefABCDEF"].Array[0, 200].Select(c => new string(c)),
        Gen.String);

    /// <summary>Truncates, inserts a byte into, or flips a byte of <paramref name="original"/>.</summary>
    private static Gen<byte[]> Mutated(byte[] original) =>
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 2]).Select((position, value, how) => how switch
        {
            0 => original.Take(position).ToArray(),
            1 => [.. original.Take(position), value, .. original.Skip(position)],
            _ => original.Select((b, i) => i == position ? (byte)(b ^ (value | 1)) : b).ToArray(),
        });

    private static Gen<byte[]> Bodies(string genuine) => Gen.OneOf(Gen.Byte.Array[0, 600], Mutated(Encoding.UTF8.GetBytes(genuine)));

    [Fact]
    public Task DarajaHandler_RandomAndMutatedBodies_NeverThrow_AndNeverYieldAnUnconfirmedUpdate()
    {
        var handler = HandlerTests.DarajaHandler(HandlerTests.ClosedPort(), new FakeTimeProvider(TestApp.Start), out var provider);
        return Bodies(E2EFixture.DarajaCallback("ws_CO_191220191020363925")).Array[300].SampleAsync(async bodies =>
        {
            using (provider)
            {
                foreach (var body in bodies)
                {
                    var result = await handler.HandleAsync(HandlerTests.Callback(body), CancellationToken.None);
                    Assert.Empty(result.Updates); // Daraja cannot confirm (unreachable), so nothing may be applied
                    switch (result.Verdict)
                    {
                        case PaymentCallbackVerdict.Malformed:
                            Assert.Equal(400, result.Reply.StatusCode);
                            break;
                        case PaymentCallbackVerdict.Accepted:
                            Assert.Equal("""{"ResultCode":0,"ResultDesc":"Accepted"}""", result.Reply.Body);
                            break;
                        default:
                            Assert.Fail($"unexpected verdict {result.Verdict}");
                            break;
                    }
                }
            }
        }, iter: 1, threads: 1, seed: Seed);
    }

    [Fact]
    public Task PaystackHandler_RandomBodiesAndSignatures_AreUnauthorizedWithoutUpdates()
    {
        var handler = new PaystackCallbackHandler(new PaystackWebhook(Secret));
        return Gen.Select(Bodies(E2EFixture.PaystackChargeSuccess("park-001-2")), Signature).Array[1000].SampleAsync(async samples =>
        {
            foreach (var (body, signature) in samples)
            {
                var result = await handler.HandleAsync(HandlerTests.Callback(body, signature), CancellationToken.None);
                Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
                Assert.Empty(result.Updates);
            }
        }, iter: 1, threads: 1, seed: Seed);
    }

    [Fact]
    public Task PaystackHandler_MutatedBodiesSignedWithTheRightKey_NeverThrow_AndOnlyChargeEventsYieldUpdates()
    {
        var handler = new PaystackCallbackHandler(new PaystackWebhook(Secret));
        return Bodies(E2EFixture.PaystackChargeSuccess("park-001-2")).Array[1000].SampleAsync(async bodies =>
        {
            foreach (var body in bodies)
            {
                var signature = Convert.ToHexString(System.Security.Cryptography.HMACSHA512.HashData(Encoding.UTF8.GetBytes(Secret), body)).ToLowerInvariant();
                var result = await handler.HandleAsync(HandlerTests.Callback(body, signature), CancellationToken.None);
                Assert.NotEqual(PaymentCallbackVerdict.Unauthorized, result.Verdict);
                if (result.Verdict == PaymentCallbackVerdict.Accepted)
                {
                    var update = Assert.Single(result.Updates);
                    Assert.False(string.IsNullOrEmpty(update.AttemptReference));
                    // A charge.success whose amount or currency was mangled cannot be checked against the payment: Unknown, never Succeeded.
                    Assert.True(update.Outcome.Kind is OutcomeKind.Succeeded or OutcomeKind.Declined or OutcomeKind.Unknown);
                    Assert.True(update.Outcome.Kind != OutcomeKind.Succeeded || update.Outcome.Amount is not null);
                }
                else
                {
                    Assert.Empty(result.Updates);
                }
            }
        }, iter: 1, threads: 1, seed: Seed);
    }

    [Fact]
    public async Task Endpoint_RandomAndMutatedBodiesThroughKestrel_NeverFailAndNeverChangeAPayment()
    {
        await using var f = await E2EFixture.StartAsync(seed: 5);
        var viaDaraja = await f.Gateway.PayAsync(E2EFixture.Request("prop-mpesa"));
        f.Daraja.Down();
        var viaPaystack = await f.Gateway.PayAsync(E2EFixture.Request("prop-paystack"));
        f.Daraja.Up();
        Assert.Equal("mpesa", viaDaraja.Provider);
        Assert.Equal("paystack", viaPaystack.Provider);
        var darajaGenuine = E2EFixture.DarajaCallback(viaDaraja.ProviderReference!);
        var paystackGenuine = E2EFixture.PaystackChargeSuccess(viaPaystack.Attempts[^1].Reference);
        var paystackSignature = PaystackSimulator.Sign(paystackGenuine, E2EFixture.PaystackSecret);
        var statuses = new List<HttpStatusCode>();

        await Gen.Select(Bodies(darajaGenuine), Bodies(paystackGenuine), Gen.OneOf(Gen.Const(paystackSignature), Signature)).Array[150].SampleAsync(async samples =>
        {
            foreach (var (darajaBody, paystackBody, signature) in samples)
            {
                if (paystackBody.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(paystackGenuine)))
                {
                    continue; // an unchanged genuine webhook is not an invalid body
                }

                using var daraja = await f.PostAsync("mpesa", darajaBody);
                using var paystack = await f.PostAsync("paystack", paystackBody, signature);
                statuses.Add(daraja.StatusCode);
                statuses.Add(paystack.StatusCode);
                Assert.True(daraja.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"mpesa answered {daraja.StatusCode}");
                Assert.Equal(HttpStatusCode.Unauthorized, paystack.StatusCode);
            }
        }, iter: 1, threads: 1, seed: Seed);

        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        var mpesa = await f.Gateway.GetAsync("prop-mpesa");
        var paystackPayment = await f.Gateway.GetAsync("prop-paystack");
        Assert.Equal(PaymentStatus.Pending, mpesa!.Status);
        Assert.Equal(PaymentStatus.Pending, paystackPayment!.Status);
        Assert.Equal(viaDaraja.Attempts.Count, mpesa.Attempts.Count);
        Assert.Equal(viaPaystack.Attempts.Count, paystackPayment.Attempts.Count);
        Assert.Equal(viaDaraja.Attempts[^1].Outcome, mpesa.Attempts[^1].Outcome);
        Assert.Equal(viaPaystack.Attempts[^1].Outcome, paystackPayment.Attempts[^1].Outcome);
        Assert.Empty(f.Daraja.Charges);
        Assert.Equal("pay_offline", Assert.Single(f.Paystack.Transactions).Status);
        Assert.All(f.Sink.GetRecent(), u => Assert.NotEqual(OutcomeKind.Succeeded, u.Outcome));
    }
}
