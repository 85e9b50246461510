using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>Properties of the code table over real HTTP: whatever Paystack answers, some classes are never reached.</summary>
public sealed class ClassificationPropertyTests : IDisposable
{
    /// <summary>
    /// The HTTP 5xx codes Paystack documents as "not processed": none. https://paystack.com/docs/api/errors/ says of 5xx only
    /// "Request could not be fulfilled due to an error on Paystack's end", which does not say that nothing was done.
    /// </summary>
    private static readonly HashSet<int> NotProcessed5xx = [];

    private static readonly string[] Statuses =
        ["success", "failed", "abandoned", "reversed", "pending", "ongoing", "processing", "queued", "pay_offline", "open_url", "send_otp", "send_pin", "send_phone", "send_birthday", "send_address", "timeout"];

    private static readonly string[] Messages =
        ["Transaction reference not found", "Duplicate Transaction Reference", "Transaction reference has previously been used", "Invalid key", "Invalid Amount Sent", "Charge attempted", "Verification successful", "An error occurred"];

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly object _gate = new();
    private (int Status, string Body) _next = (500, string.Empty);

    public ClassificationPropertyTests() =>
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(_ =>
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

    public void Dispose() => _server.Stop();

    private static Gen<string> Pick(string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Gen<string> Bodies => Gen.OneOf(
        Gen.String,
        Gen.Const(string.Empty),
        Gen.Const("<html><body>502 Bad Gateway</body></html>"),
        Gen.Select(Gen.Bool, Pick(Messages), Pick(Statuses), Gen.Int[-1, 1_000_000]).Select((ok, message, status, amount) =>
            JsonSerializer.Serialize(new { status = ok, message, data = new { reference = "park-001-1", status, amount, currency = "KES", gateway_response = message } })),
        Gen.Select(Gen.Bool, Pick(Messages)).Select((ok, message) =>
            JsonSerializer.Serialize(new { status = ok, message, type = "api_error", code = "transaction_not_found" })));

    [Fact]
    public Task Http5xx_AfterTheRequestWasSent_IsNeverNotProcessed_UnlessOnTheCitedList()
    {
        var time = new FakeTimeProvider(Start + TimeSpan.FromDays(1)); // long past every settle window: "not found" would be conclusive
        var provider = Provider(new Uri(_server.Url!), time: time);
        PaymentInstrument[] instruments = [PaymentInstrument.Card("AUTH_8dfhjjdt"), Mpesa, PaymentInstrument.Checkout("wanjiru@example.com")];
        return Gen.Select(Gen.Int[500, 599], Bodies, Gen.Int[0, 3]).SampleAsync(async (status, body, operation) =>
        {
            lock (_gate)
            {
                _next = (status, body);
            }

            var outcome = operation == 3
                ? await provider.QueryStatusAsync(Status(), CancellationToken.None)
                : await provider.InitiateAsync(Charge(instruments[operation]), CancellationToken.None);
            return outcome.Kind != OutcomeKind.NotProcessed || NotProcessed5xx.Contains(status);
        }, iter: 400, threads: 1, seed: "0N0XIzNsQ0O2");
    }
}
