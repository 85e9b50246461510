using System.Text;
using System.Text.Json;
using CsCheck;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Properties of the code table over real HTTP: whatever Pesapal answers with a 5xx, some classes are never reached.</summary>
public sealed class ClassificationPropertyTests : IDisposable
{
    private static readonly string[] Codes = ["payment_details_not_found", "invalid_order_tracking_id", "internal_error", "duplicate_merchant_reference", ""];

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly object _gate = new();
    private (int Status, string Body) _next = (500, string.Empty);

    public ClassificationPropertyTests()
    {
        StubAuth(_server);
        foreach (var path in new[] { SubmitPath, StatusPath })
        {
            _server.Given(Request.Create().WithPath(path).UsingAnyMethod()).RespondWith(Response.Create().WithCallback(_ =>
            {
                (int Status, string Body) next;
                lock (_gate)
                {
                    next = _next;
                }

                return new ResponseMessage
                {
                    StatusCode = next.Status,
                    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new BodyData { BodyAsString = next.Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
                };
            }));
        }
    }

    public void Dispose() => _server.Stop();

    private static Gen<string> Pick(string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Gen<string> Bodies => Gen.OneOf(
        Gen.String,
        Gen.Const(string.Empty),
        Gen.Const("<html><body>Service Unavailable</body></html>"),
        Gen.Select(Gen.Int[-1, 4], Pick(Codes), Gen.Bool).Select((statusCode, code, withTracking) => JsonSerializer.Serialize(new
        {
            status_code = statusCode,
            amount = 2500,
            currency = "KES",
            merchant_reference = "park-001-1",
            order_tracking_id = withTracking ? TrackingId : null,
            redirect_url = withTracking ? "https://pay.pesapal.com/iframe/PesapalIframe3/Index?OrderTrackingId=" + TrackingId : null,
            error = new { error_type = code.Length == 0 ? null : "api_error", code = code.Length == 0 ? null : code, message = (string?)null },
            status = "500",
        })));

    /// <summary>
    /// GetTransactionStatus: the cited "not processed" list is empty; no 5xx answer about an order is ever read as "never charged".
    /// SubmitOrderRequest: every 5xx is on the list, by this reasoning (cited in <c>PesapalOutcomes.FromSubmit</c>): no money moves
    /// before the payer opens the order's <c>redirect_url</c> (https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/submitorderrequest),
    /// whose only key is the order tracking id Pesapal generates, and the adapter hands that URL out only in an accepted (2xx)
    /// answer. So the property checks the reasoning's premise instead: a 5xx never hands out a checkout page (no action, no tracking id).
    /// </summary>
    [Fact]
    public async Task Http5xx_AfterTheRequestWasSent_IsNeverNotProcessed_UnlessTheCheckoutPageNeverLeftTheAdapter()
    {
        using var provider = Provider(_server);
        await Gen.Select(Gen.Int[500, 599], Bodies, Gen.Bool).SampleAsync(async (status, body, submit) =>
        {
            lock (_gate)
            {
                _next = (status, body);
            }

            if (submit)
            {
                var order = await provider.InitiateAsync(Order(), CancellationToken.None);
                return order.Kind == OutcomeKind.NotProcessed && order.Action is null && order.ProviderReference is null;
            }

            var outcome = await provider.QueryStatusAsync(Status(), CancellationToken.None);
            return outcome.Kind != OutcomeKind.NotProcessed;
        }, iter: 400, threads: 1, seed: "0N0XIzNsQ0O2");
    }
}
