using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Resilience.Payments.Testing.Simulators.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.Tests.Simulators;

/// <summary>A simulator's transaction journal restores its transactions in another simulator: the provider outlives its host.</summary>
public sealed class TransactionJournalTests
{
    private const string Secret = "sk_test_journal";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri baseAddress, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Paystack_JournaledCharge_IsRestoredWithItsLedgerAndItsReference()
    {
        var journal = new List<JsonObject>();
        using var http = new HttpClient();
        await using (var first = new PaystackSimulator(Secret, seed: 1) { TransactionJournal = t => { lock (journal) { journal.Add(t); } } })
        {
            using var charged = await SendAsync(http, first.BaseAddress, HttpMethod.Post, "charge", """{"email":"a@b.example","amount":"15000","currency":"KES","reference":"park-1-1","authorization_code":"AUTH_x"}""");
            Assert.Equal(HttpStatusCode.OK, charged.StatusCode);
        }

        Assert.Single(journal);
        await using var second = new PaystackSimulator(Secret, seed: 1);
        second.ImportTransactions(journal);

        var charge = Assert.Single(second.Charges);
        Assert.Equal("park-1-1", charge.MerchantReference);
        Assert.Equal(150m, charge.Amount);
        using var verified = await SendAsync(http, second.BaseAddress, HttpMethod.Get, "transaction/verify/park-1-1");
        Assert.Contains("\"success\"", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = await SendAsync(http, second.BaseAddress, HttpMethod.Post, "charge", """{"email":"a@b.example","amount":"15000","currency":"KES","reference":"park-1-1","authorization_code":"AUTH_x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode); // the reference is still used: no second charge
        Assert.Single(second.Charges);
    }

    [Fact]
    public async Task Daraja_JournaledPrompts_AreRestored_PaidOnesInTheLedger_WaitingOnesCompleted()
    {
        await using var second = new DarajaSimulator(seed: 2) { PayerDelay = TimeSpan.FromMilliseconds(50) };
        second.ImportTransactions(
        [
            new JsonObject
            {
                ["id"] = "ws_CO_1", ["merchantRequestId"] = "1-1-1", ["phone"] = "254712345678", ["amount"] = 100m, ["accountReference"] = "KAA 001A",
                ["callbackUrl"] = "http://127.0.0.1:9/cb", ["forceApprove"] = false, ["resultCode"] = null, ["resultDesc"] = null, ["receipt"] = null, ["completedAt"] = null,
            },
            new JsonObject
            {
                ["id"] = "ws_CO_1", ["merchantRequestId"] = "1-1-1", ["phone"] = "254712345678", ["amount"] = 100m, ["accountReference"] = "KAA 001A",
                ["callbackUrl"] = "http://127.0.0.1:9/cb", ["forceApprove"] = false, ["resultCode"] = "0", ["resultDesc"] = "ok", ["receipt"] = "RCPT000001", ["completedAt"] = DateTimeOffset.UtcNow,
            },
            new JsonObject
            {
                ["id"] = "ws_CO_2", ["merchantRequestId"] = "2-2-1", ["phone"] = "254712345679", ["amount"] = 200m, ["accountReference"] = "KAA 002A",
                ["callbackUrl"] = "http://127.0.0.1:9/cb", ["forceApprove"] = true, ["resultCode"] = null, ["resultDesc"] = null, ["receipt"] = null, ["completedAt"] = null,
            },
        ]);

        var paid = Assert.Single(second.Charges);
        Assert.Equal(("ws_CO_1", "RCPT000001"), (paid.ProviderReference, paid.Receipt));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (second.Charges.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["ws_CO_1", "ws_CO_2"], second.Charges.Select(c => c.ProviderReference).Order(StringComparer.Ordinal));
    }
}
