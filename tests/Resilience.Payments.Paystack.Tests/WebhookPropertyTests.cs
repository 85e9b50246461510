using System.Text;
using CsCheck;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public class WebhookPropertyTests
{
    private const string Genuine = """{"event":"charge.success","data":{"id":4099,"reference":"park-001-1","status":"success","amount":20000,"gateway_response":"Approved"}}""";

    private static readonly PaystackWebhook Webhook = new(SecretKey);

    private static readonly Gen<string> Signature = Gen.OneOf(
        Gen.Char["0123456789abcdef"].Array[128].Select(c => new string(c)),
        Gen.Char["0123456789abcdefABCDEF"].Array[0, 200].Select(c => new string(c)),
        Gen.String);

    [Fact]
    public void RandomBytes_NeverThrow_AndRandomSignaturesNeverVerify() =>
        Gen.Select(Gen.Byte.Array[0, 512], Signature).Sample((body, signature) =>
        {
            var parsed = Webhook.TryParse(body, out var update, out var error);
            if (parsed == (update is null) || parsed == (error is not null) || Webhook.TryVerifyAndParse(body, signature, out _, out _))
            {
                return false;
            }

            return !PaystackWebhook.VerifySignature(body, signature, SecretKey);
        }, iter: 2000);

    [Fact]
    public void MutatedGenuineBodies_NeverThrow_AndNeverVerifyWithTheOriginalSignature()
    {
        var original = Encoding.UTF8.GetBytes(Genuine);
        var signature = PaystackSimulator.Sign(Genuine, SecretKey);
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 2]).Sample((position, value, how) =>
        {
            var mutated = how switch
            {
                0 => original.Take(position).ToArray(), // truncated
                1 => [.. original.Take(position), value, .. original.Skip(position)], // inserted
                _ => original.Select((b, i) => i == position ? (byte)(b ^ (value | 1)) : b).ToArray(), // flipped
            };
            var parsed = Webhook.TryParse(mutated, out var update, out _);
            if (parsed != (update is not null))
            {
                return false;
            }

            return !PaystackWebhook.VerifySignature(mutated, signature, SecretKey);
        }, iter: 2000);
    }

    [Fact]
    public void RandomJsonShapes_NeverThrow() =>
        Gen.Select(Gen.OneOf(Gen.Const("charge.success"), Gen.Const("charge.failed"), Gen.String), Gen.OneOf(Gen.Const("\"park-001-1\""), Gen.Const("null"), Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("{}"), Gen.Const("[]")))
            .Sample((ev, reference) =>
            {
                var body = "{\"event\":" + System.Text.Json.JsonSerializer.Serialize(ev) + ",\"data\":{\"reference\":" + reference + ",\"status\":\"success\"}}";
                var ok = Webhook.TryParse(Encoding.UTF8.GetBytes(body), out var update, out var error);
                return ok ? update is not null && error is null : update is null && error is not null;
            }, iter: 1000);
}
