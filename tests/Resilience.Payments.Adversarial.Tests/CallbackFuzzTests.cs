using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// Issue 11: CsCheck-fuzzed callback bodies through the real endpoints (Kestrel on loopback, <c>MapPaymentCallbacks</c>), for each of
/// the four adapters against its simulator: random bytes and mutations of a genuine body (truncation, byte flips, field removal, huge
/// numbers, strings for numbers, nested junk, CR/LF and phone numbers in strings). The endpoint never answers 5xx, and no payment's
/// status or attempts change. Seeded, 200 bodies per handler.
/// </summary>
public sealed class CallbackFuzzTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private const int Count = 200;

    private static readonly string[] Junk =
    [
        "99999999999999999999999999999999",
        "1e308",
        "-1",
        "\"150.00\"",
        "\"0\"",
        "\"x\\r\\nWARN forged line 254722000111\"",
        "\"0722000111\"",
        "null",
        "true",
        "[]",
        "{}",
        string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)),
        "{\"a\":{\"b\":{\"c\":[1,{\"d\":\"\\u0000\"}]}}}",
        "\"" + new string('9', 5000) + "\"",
    ];

    public static TheoryData<string> AllProviders() => new(ProviderUnderTest.Daraja, ProviderUnderTest.Airtel, ProviderUnderTest.Paystack, ProviderUnderTest.Pesapal);

    /// <summary>Truncates, inserts a byte into, or flips a byte of <paramref name="original"/>.</summary>
    private static Gen<byte[]> ByteMutations(byte[] original) =>
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 2]).Select((position, value, how) => how switch
        {
            0 => original.Take(position).ToArray(),
            1 => [.. original.Take(position), value, .. original.Skip(position)],
            _ => original.Select((b, i) => i == position ? (byte)(b ^ (value | 1)) : b).ToArray(),
        });

    /// <summary>Removes one field of <paramref name="genuine"/>, or replaces one value with junk (huge numbers, strings for numbers, nesting, CR/LF, phone numbers).</summary>
    private static Gen<byte[]> JsonMutations(string genuine)
    {
        var paths = Leaves(JsonNode.Parse(genuine)!).ToList();
        return Gen.Select(Gen.Int[0, paths.Count - 1], Gen.Int[0, Junk.Length], Gen.Int[0, 3]).Select((leaf, junk, times) =>
        {
            var root = JsonNode.Parse(genuine)!;
            for (var i = 0; i <= times % 2; i++)
            {
                var node = Find(root, paths[(leaf + (i * 7)) % paths.Count]);
                if (node?.Parent is JsonObject parent)
                {
                    var name = parent.First(p => ReferenceEquals(p.Value, node)).Key;
                    if (junk == Junk.Length)
                    {
                        parent.Remove(name);
                    }
                    else
                    {
                        parent[name] = JsonNode.Parse(Junk[junk], documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });
                    }
                }
                else if (node?.Parent is JsonArray array)
                {
                    array[array.IndexOf(node)] = junk == Junk.Length ? null : JsonNode.Parse(Junk[junk], documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });
                }
            }

            return Encoding.UTF8.GetBytes(root.ToJsonString());
        });
    }

    private static IEnumerable<string> Leaves(JsonNode node, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                yield return path;
                foreach (var (key, value) in o)
                {
                    foreach (var p in value is null ? [path + "/" + key] : Leaves(value, path + "/" + key))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray a:
                yield return path;
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var p in a[i] is null ? [path + "/#" + i] : Leaves(a[i]!, path + "/#" + i))
                    {
                        yield return p;
                    }
                }

                break;
            default:
                yield return path;
                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = part[0] == '#' ? (node as JsonArray)?[int.Parse(part[1..], System.Globalization.CultureInfo.InvariantCulture)] : (node as JsonObject)?[part];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static Gen<byte[]> Bodies(string genuine) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 600]),
        (2, ByteMutations(Encoding.UTF8.GetBytes(genuine))),
        (3, JsonMutations(genuine)));

    [Theory]
    [MemberData(nameof(AllProviders))]
    public Task CallbackEndpoint_FuzzedBodies_NeverAnswer5xxAndChangeNoPayment(string provider) => FuzzAsync(provider, static _ => true);

    /// <summary>Found by the fuzzing: a property name that is not UTF-8 made the IPN handler throw (HTTP 500, so Pesapal retried it).</summary>
    [Fact]
    public async Task PesapalIpnEndpoint_PropertyNameNotUtf8_IsMalformed400()
    {
        await using var host = await CallbackHost.StartAsync(ProviderUnderTest.Pesapal);
        await host.Gateway.PayAsync(host.Payment("utf8-1"));
        var order = host.Pesapal.Transactions.Single();
        var body = Encoding.UTF8.GetBytes(Genuine.PesapalIpn(order.OrderTrackingId, order.MerchantReference));
        body[3] ^= 0xF0; // inside "OrderNotificationType"

        Assert.Equal(HttpStatusCode.BadRequest, await host.PostAsync(body));
    }

    /// <summary>The same attack on the other unsigned handlers: an invalid UTF-8 byte inside every property name in turn.</summary>
    [Theory]
    [InlineData(ProviderUnderTest.Daraja)]
    [InlineData(ProviderUnderTest.Airtel)]
    public async Task CallbackEndpoint_PropertyNameNotUtf8_NeverAnswers5xxAndChangesNoPayment(string provider)
    {
        await using var host = await CallbackHost.StartAsync(provider);
        var paid = await host.Gateway.PayAsync(host.Payment("utf8-1"));
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("utf8-1"));
        var (genuine, path, _) = GenuineCallback(host, paid);
        var bytes = Encoding.UTF8.GetBytes(genuine);
        var names = Enumerable.Range(1, bytes.Length - 2).Where(i => bytes[i - 1] == (byte)'"' && char.IsLetter((char)bytes[i]) && genuine.IndexOf("\":", i, StringComparison.Ordinal) is var end && end > i && genuine[i..end].All(char.IsLetterOrDigit)).ToList();
        Assert.NotEmpty(names);

        foreach (var position in names)
        {
            var body = (byte[])bytes.Clone();
            body[position + 1] ^= 0xF0;
            var status = await host.PostAsync(body, path);
            Assert.True((int)status < 500, $"{provider} answered {(int)status} to an invalid UTF-8 byte at {position + 1}");
        }

        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("utf8-1")));
    }

    private static async Task FuzzAsync(string provider, Func<byte[], bool> include)
    {
        await using var host = await CallbackHost.StartAsync(provider);
        var paid = await host.Gateway.PayAsync(host.Payment("fuzz-1"));
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("fuzz-1"));
        var (genuine, path, signature) = GenuineCallback(host, paid);
        var statuses = new List<HttpStatusCode>();

        await Bodies(genuine).Array[Count].SampleAsync(async bodies =>
        {
            foreach (var body in bodies)
            {
                if (!include(body) || body.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(genuine)))
                {
                    continue; // an unchanged genuine body is not an attack
                }

                var status = await host.PostAsync(body, path, signature);
                statuses.Add(status);
                Assert.True((int)status < 500, $"{provider} answered {(int)status} to {Encoding.UTF8.GetString(body)}");
            }
        }, iter: 1, threads: 1, seed: Seed);

        Assert.True(statuses.Count >= Count / 2);
        if (provider == ProviderUnderTest.Paystack)
        {
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s)); // a changed body never carries its signature
        }
        else
        {
            Assert.Contains(HttpStatusCode.BadRequest, statuses);
        }

        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("fuzz-1")));
        Assert.Empty(host.Simulator.Charges);
    }

    /// <summary>The genuine body for the payment's attempt (the provider has not answered yet), where to post it, and Paystack's signature of it.</summary>
    internal static (string Body, string Path, string? Signature) GenuineCallback(CallbackHost host, PaymentResult paid)
    {
        var attempt = paid.Attempts[^1];
        switch (host.Name)
        {
            case ProviderUnderTest.Daraja:
                return (Genuine.DarajaCallback(attempt.ProviderReference!), host.DarajaCallbackPathAndQuery(0), null);
            case ProviderUnderTest.Airtel:
                return (Genuine.AirtelCallback(host.Airtel.Transactions.Single().Id), host.CallbackPath, null);
            case ProviderUnderTest.Paystack:
                var body = Genuine.PaystackChargeSuccess(attempt.Reference);
                return (body, host.CallbackPath, Testing.Simulators.Paystack.PaystackSimulator.Sign(body, CallbackHost.PaystackSecret));
            default:
                var order = host.Pesapal.Transactions.Single();
                return (Genuine.PesapalIpn(order.OrderTrackingId, order.MerchantReference), host.CallbackPath, null);
        }
    }
}
