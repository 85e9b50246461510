using System.Text;
using CsCheck;
using Resilience.Payments.Callbacks;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Random and mutated IPNs never throw and never yield an update Pesapal's status query did not give.</summary>
public sealed class IpnPropertyTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly PesapalCallbackHandler _handler;

    public IpnPropertyTests()
    {
        StubAuth(_server);
        // Pesapal knows one order, TrackingId (park-001-1), and it is COMPLETED; any other tracking id is an error object.
        _server.Given(WireMock.RequestBuilders.Request.Create().WithPath(StatusPath).WithParam("orderTrackingId", TrackingId).UsingGet())
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(StatusBody(1, "COMPLETED")));
        _server.Given(WireMock.RequestBuilders.Request.Create().WithPath(StatusPath).UsingGet())
            .AtPriority(2)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"error":{"error_type":"api_error","code":"invalid_order_tracking_id","message":"not found"},"status":"500"}"""));
        _handler = new PesapalCallbackHandler(Provider(_server));
    }

    public void Dispose() => _server.Stop();

    /// <summary>The only update any IPN may ever yield: the one Pesapal's status query gives for its one known order.</summary>
    private static bool IsConfirmed(PaymentCallbackResult result) =>
        result.Updates.All(u => u.ProviderReference == TrackingId && u.AttemptReference == "park-001-1" && u.Outcome.Kind == OutcomeKind.Succeeded && u.Source == OutcomeSource.StatusQuery)
        && (result.Verdict == PaymentCallbackVerdict.Accepted || result.Updates.Count == 0)
        && (result.Verdict != PaymentCallbackVerdict.Malformed || result.Reply.StatusCode == 400);

    private bool Check(PaymentCallback callback)
    {
        var result = _handler.HandleAsync(callback, CancellationToken.None).GetAwaiter().GetResult();
        return IsConfirmed(result);
    }

    [Fact]
    public void Handle_RandomBytes_NeverThrowAndNeverYieldAnUnconfirmedUpdate() =>
        Gen.Select(Gen.Byte.Array[0, 256], Gen.OneOf(Gen.Const("POST"), Gen.Const("GET"), Gen.String[0, 8]))
            .Sample((body, method) => Check(new PaymentCallback { Method = method, Body = body }), iter: 1000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Handle_MutatedGenuineBodies_NeverThrowAndNeverYieldAnUnconfirmedUpdate()
    {
        var original = Encoding.UTF8.GetBytes(CallbackHandlerTests.Ipn());
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 2]).Sample((position, value, how) =>
        {
            byte[] mutated = how switch
            {
                0 => original.Take(position).ToArray(),
                1 => [.. original.Take(position), value, .. original.Skip(position)],
                _ => original.Select((b, i) => i == position ? (byte)(b ^ (value | 1)) : b).ToArray(),
            };
            return Check(CallbackHandlerTests.Post(Encoding.UTF8.GetString(mutated)));
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Handle_RandomFieldValuesAsJsonAndQuery_NeverThrowAndNeverYieldAnUnconfirmedUpdate()
    {
        var value = Gen.OneOf(Gen.Const(TrackingId), Gen.Const("park-001-1"), Gen.Const("IPNCHANGE"), Gen.Const(""), Gen.String[0, 120], Gen.Guid.Select(g => g.ToString()));
        Gen.Select(value, value, value, Gen.Bool).Sample((type, tracking, reference, asGet) =>
        {
            var callback = asGet
                ? CallbackHandlerTests.Get(("OrderNotificationType", type), ("OrderTrackingId", tracking), ("OrderMerchantReference", reference))
                : CallbackHandlerTests.Post(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["OrderNotificationType"] = type, ["OrderTrackingId"] = tracking, ["OrderMerchantReference"] = reference }));
            return Check(callback);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }
}
