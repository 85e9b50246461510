using System.Net;
using System.Net.Http;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Random and mutated callback bodies never throw and never yield an update the enquiry did not confirm.</summary>
public class CallbackPropertyTests
{
    private const string Genuine = """{"transaction":{"id":"pay-1-1","message":"Paid KES 200","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"}}""";

    [Fact]
    public void RandomBytes_NeverThrow_AndEnquiryInProgressNeverYieldsAnUpdate()
    {
        var airtel = new InMemoryAirtel("TIP");
        Gen.Byte.Array[0, 512].Sample(body => Check(airtel.Handler(), body, airtel, confirmed: false), iter: 2000, threads: 1);
    }

    [Fact]
    public void MutatedGenuineBodies_NeverThrow_AndYieldOnlyEnquiredUpdates()
    {
        var original = Encoding.UTF8.GetBytes(Genuine);
        foreach (var status in new[] { "TIP", "TA", "TS" })
        {
            var airtel = new InMemoryAirtel(status);
            Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 2]).Sample((position, value, how) =>
            {
                byte[] mutated = how switch
                {
                    0 => original.Take(position).ToArray(),
                    1 => [.. original.Take(position), value, .. original.Skip(position)],
                    _ => original.Select((b, i) => i == position ? (byte)(b ^ (value | 1)) : b).ToArray(),
                };
                return Check(airtel.Handler(), mutated, airtel, confirmed: status == "TS");
            }, iter: 1000, threads: 1);
        }
    }

    [Fact]
    public void RandomJsonShapes_NeverThrow_AndUpdatesMatchTheEnquiredId()
    {
        var airtel = new InMemoryAirtel("TS");
        var value = Gen.OneOf(Gen.Const("\"pay-1-1\""), Gen.Const("null"), Gen.Const("{}"), Gen.Const("[]"), Gen.Const("true"), Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)));
        Gen.Select(value, value, value).Sample((id, status, moneyId) =>
        {
            var body = $$$"""{"transaction":{"id":{{{id}}},"status_code":{{{status}}},"airtel_money_id":{{{moneyId}}}}}""";
            return Check(airtel.Handler(), Encoding.UTF8.GetBytes(body), airtel, confirmed: true);
        }, iter: 1000, threads: 1);
    }

    private static bool Check(AirtelMoneyCallbackHandler handler, byte[] body, InMemoryAirtel airtel, bool confirmed)
    {
        var before = airtel.Enquired.Count;
        var result = handler.HandleAsync(new PaymentCallback { Body = body }, CancellationToken.None).GetAwaiter().GetResult();
        var enquired = airtel.Enquired.Skip(before).ToList();
        switch (result.Verdict)
        {
            case PaymentCallbackVerdict.Malformed:
                return result.Updates.Count == 0 && enquired.Count == 0 && result.Reply.StatusCode == 400;
            case PaymentCallbackVerdict.Accepted:
                if (!confirmed)
                {
                    return result.Updates.Count == 0 && enquired.Count == 1;
                }

                // Every update names exactly the transaction the enquiry was asked about, with the enquiry's outcome.
                return enquired.Count == 1
                    && result.Updates.All(u => u.AttemptReference == enquired[0] && u.Outcome.Kind == OutcomeKind.Succeeded)
                    && result.Updates.Count <= 1;
            default:
                return false;
        }
    }

    /// <summary>An in-memory Airtel: tokens and enquiries answered without a network, for thousands of samples.</summary>
    private sealed class InMemoryAirtel(string enquiryStatus) : HttpMessageHandler
    {
        public List<string> Enquired { get; } = [];

        public AirtelMoneyCallbackHandler Handler() =>
            new(new AirtelMoneyPaymentProvider(new HttpClient(this), Options.Create(AirtelTestKit.Options(new Uri("http://airtel.invalid/"))), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AirtelStub.Start)));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            string body;
            if (path == AirtelStub.TokenPath)
            {
                body = """{"access_token":"t","expires_in":"180","token_type":"bearer"}""";
            }
            else
            {
                var id = Uri.UnescapeDataString(path[AirtelStub.EnquiryPrefix.Length..]);
                Enquired.Add(id);
                body = AirtelStub.EnquiryAnswer(enquiryStatus, id: id);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
