using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>
/// The simulator's List Transactions (<c>GET /transaction</c>) and Transaction Totals (<c>GET /transaction/totals</c>), the reads a
/// reconciliation job and Paystack's client SDKs make (found missing by paystack-sdk@4.2.1's suite).
/// </summary>
public sealed class SimulatorListingTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly HttpClient _http = new();

    public SimulatorListingTests() => _sim = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task List_AnyPageSize_PagesTogetherAreEveryTransactionOnceNewestFirst()
    {
        await OpenAsync(13);
        var all = _sim.Transactions.Select(t => t.Reference).Reverse().ToList();

        await Gen.Int[1, 15].SampleAsync(async perPage =>
        {
            var seen = new List<string>();
            var pages = 0;
            for (var page = 1; ; page++)
            {
                var (status, body) = await GetAsync($"transaction?perPage={perPage}&page={page}");
                Assert.Equal(HttpStatusCode.OK, status);
                var meta = body["meta"]!;
                Assert.Equal((13, perPage, page, (page - 1) * perPage), ((int)meta["total"]!, (int)meta["perPage"]!, (int)meta["page"]!, (int)meta["skipped"]!));
                pages = (int)meta["pageCount"]!;
                var data = body["data"]!.AsArray();
                if (data.Count == 0)
                {
                    break;
                }

                Assert.True(data.Count <= perPage);
                Assert.Equal(data.Sum(t => (long)t!["amount"]!), (long)meta["total_volume"]!);
                seen.AddRange(data.Select(t => (string)t!["reference"]!));
            }

            Assert.Equal(all, seen);
            Assert.Equal((13 + perPage - 1) / perPage, pages);
        }, iter: 15, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public async Task List_NoPageSize_IsPaystacksDefaultOf50()
    {
        await OpenAsync(51);
        var (_, body) = await GetAsync("transaction");
        Assert.Equal(50, body["data"]!.AsArray().Count);
        Assert.Equal((51, 50, 1, 2), ((int)body["meta"]!["total"]!, (int)body["meta"]!["perPage"]!, (int)body["meta"]!["page"]!, (int)body["meta"]!["pageCount"]!));
    }

    [Fact]
    public async Task List_Filters_StatusAmountCurrencyCustomerAndDates()
    {
        await _sim.OpenTransactionAsync("paid-1", 10_000);
        _time.Advance(TimeSpan.FromDays(1));
        await _sim.OpenTransactionAsync("open-2", 20_000, paid: false);
        await _sim.OpenTransactionAsync("usd-3", 10_000, "USD");

        Assert.Equal(["usd-3", "paid-1"], await ReferencesAsync("transaction?status=success"));
        Assert.Equal(["open-2"], await ReferencesAsync("transaction?status=abandoned"));
        Assert.Equal(["usd-3", "paid-1"], await ReferencesAsync("transaction?amount=10000"));
        Assert.Equal(["usd-3"], await ReferencesAsync("transaction?currency=USD"));
        Assert.Equal(["paid-1"], await ReferencesAsync($"transaction?to={Start:yyyy-MM-dd}"), StringComparer.Ordinal); // a date alone: to its end
        Assert.Equal(["usd-3", "open-2"], await ReferencesAsync($"transaction?from={Start.AddDays(1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        var customer = (string)(await GetAsync("transaction/verify/paid-1")).Body["data"]!["customer"]!["id"]!.ToJsonString();
        Assert.Contains("paid-1", await ReferencesAsync("transaction?customer=" + customer));
        Assert.Empty(await ReferencesAsync("transaction?customer=1"));
    }

    [Theory]
    [InlineData("from=2026-07-24T03%3A30%3A00.000")] // no offset: UTC, as toISOString() without its Z
    [InlineData("from=2026-07-24T03%253A30%253A00.000")] // escaped twice, as paystack-node@0.3.0 sends it
    [InlineData("from=2026-07-24T06%3A30%3A00%2B03%3A00")]
    public async Task List_FromInTheFormsClientsSend_FiltersTheSame(string query)
    {
        await _sim.OpenTransactionAsync("early-1", 100);
        _time.Advance(TimeSpan.FromHours(1));
        await _sim.OpenTransactionAsync("late-2", 100);

        Assert.Equal(["late-2"], await ReferencesAsync("transaction?" + query));
    }

    [Theory]
    [InlineData("perPage=0", "perPage")]
    [InlineData("perPage=-5", "perPage")]
    [InlineData("perPage=ten", "perPage")]
    [InlineData("page=0", "page")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    public async Task List_InvalidParameter_Is400NamingIt(string query, string field)
    {
        await OpenAsync(2);
        var (status, body) = await GetAsync("transaction?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False((bool)body["status"]!);
        Assert.StartsWith(field + " ", (string)body["message"]!, StringComparison.Ordinal);
        Assert.Equal(2, _sim.Transactions.Count);
    }

    [Fact]
    public async Task Totals_AreTheSuccessfulTransactionsByCurrency()
    {
        await _sim.OpenTransactionAsync("a-1", 10_000);
        await _sim.OpenTransactionAsync("a-2", 2_500);
        await _sim.OpenTransactionAsync("a-3", 99_000, paid: false);
        await _sim.OpenTransactionAsync("a-4", 700, "USD");

        var (status, body) = await GetAsync("transaction/totals");

        Assert.Equal(HttpStatusCode.OK, status);
        var data = body["data"]!;
        Assert.Equal((3, 13_200L), ((int)data["total_transactions"]!, (long)data["total_volume"]!));
        Assert.Equal("""[{"currency":"KES","amount":12500},{"currency":"USD","amount":700}]""", data["total_volume_by_currency"]!.ToJsonString());
    }

    [Fact]
    public async Task Totals_BetweenFromAndTo_CountOnlyThatPeriod_AndABadDateIs400NamingIt()
    {
        await _sim.OpenTransactionAsync("day-1", 10_000);
        _time.Advance(TimeSpan.FromDays(2));
        await _sim.OpenTransactionAsync("day-3", 2_500);

        var (_, body) = await GetAsync($"transaction/totals?from={Start.AddDays(1).UtcDateTime:yyyy-MM-dd}");
        Assert.Equal((1, 2_500L), ((int)body["data"]!["total_transactions"]!, (long)body["data"]!["total_volume"]!));
        var (status, refusal) = await GetAsync("transaction/totals?to=soon");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("to ", (string)refusal["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WrongKey_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.BaseAddress, "transaction"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk_test_wrong");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task OpenAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Assert.True(await _sim.OpenTransactionAsync($"t-{i:D2}", 100 * i, paid: i % 3 != 0));
        }
    }

    private async Task<List<string>> ReferencesAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return body["data"]!.AsArray().Select(t => (string)t!["reference"]!).ToList();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.BaseAddress, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SecretKey);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
