using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.AirtelMoney;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>AirtelMoneySimulator spoken to as Airtel's Open API documentation shows (plain HTTP, no adapter).</summary>
public sealed class SimulatorDocumentedApiTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(AirtelStub.Start);
    private readonly AirtelMoneySimulator _sim;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public SimulatorDocumentedApiTests() => _sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 3, timeProvider: _time);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Collection_WithoutTheOptionalBodyCountryAndCurrency_IsAcceptedInTheHeadersCurrency()
    {
        var token = await TokenAsync();
        // Airtel documents X-Country and X-Currency as required headers and the body's country/currency fields as optional.
        var body = new JsonObject
        {
            ["reference"] = "Parking",
            ["subscriber"] = new JsonObject { ["msisdn"] = 733123456 },
            ["transaction"] = new JsonObject { ["amount"] = 200, ["id"] = "doc-1" },
        };

        var answer = await SendAsync(HttpMethod.Post, "merchant/v1/payments/", token, body);

        Assert.Equal(("200", true, "DP00800001006"), ((string)answer["status"]!["code"]!, (bool)answer["status"]!["success"]!, (string)answer["status"]!["response_code"]!));
        var transaction = Assert.Single(_sim.Transactions);
        Assert.Equal(("doc-1", "KES", 200m), (transaction.Id, transaction.Currency, transaction.Amount));
    }

    [Theory]
    [InlineData(null, "KES", "ESB000034")]
    [InlineData("KE", null, "ESB000035")]
    [InlineData("UG", "KES", "ESB000034")] // the body says KE
    [InlineData("KE", "UGX", "ESB000035")] // the body says KES
    public async Task Collection_MissingOrContradictedHeaders_StayRefused(string? country, string? currency, string resultCode)
    {
        var token = await TokenAsync();
        var body = new JsonObject
        {
            ["reference"] = "Parking",
            ["subscriber"] = new JsonObject { ["country"] = "KE", ["currency"] = "KES", ["msisdn"] = "733123456" },
            ["transaction"] = new JsonObject { ["amount"] = 200, ["country"] = "KE", ["currency"] = "KES", ["id"] = "doc-2" },
        };

        var answer = await SendAsync(HttpMethod.Post, "merchant/v1/payments/", token, body, country, currency);

        Assert.Equal(resultCode, (string)answer["status"]!["result_code"]!);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Enquiry_TrailingSlash_FindsTheTransaction()
    {
        var token = await TokenAsync();
        await SendAsync(HttpMethod.Post, "merchant/v1/payments/", token, new JsonObject
        {
            ["reference"] = "Parking",
            ["subscriber"] = new JsonObject { ["msisdn"] = "733123456" },
            ["transaction"] = new JsonObject { ["amount"] = 200, ["id"] = "doc-3" },
        });

        var answer = await SendAsync(HttpMethod.Get, "standard/v1/payments/doc-3/", token);

        Assert.Equal("TIP", (string)answer["data"]!["transaction"]!["status"]!);
    }

    [Fact]
    public async Task CollectionAndEnquiry_V2PathsOfTheSignedApi_AreServedLikeV1()
    {
        var token = await TokenAsync();
        var body = new JsonObject
        {
            ["reference"] = "Parking",
            ["subscriber"] = new JsonObject { ["country"] = "KE", ["currency"] = "KES", ["msisdn"] = "733123456" },
            ["transaction"] = new JsonObject { ["amount"] = 200, ["country"] = "KE", ["currency"] = "KES", ["id"] = "doc-v2" },
        };

        var answer = await SendAsync(HttpMethod.Post, "merchant/v2/payments/", token, body);
        var enquiry = await SendAsync(HttpMethod.Get, "standard/v2/payments/doc-v2", token);

        Assert.True((bool)answer["status"]!["success"]!);
        Assert.Equal("TIP", (string)enquiry["data"]!["transaction"]!["status"]!);
        Assert.Equal("doc-v2", Assert.Single(_sim.Transactions).Id);
    }

    [Fact]
    public async Task Enquiry_NoId_IsNotFoundNotAServerError()
    {
        var token = await TokenAsync();

        var answer = await SendAsync(HttpMethod.Get, "standard/v1/payments/", token);

        Assert.Equal("ESB000045", (string)answer["status"]!["result_code"]!);
    }

    private async Task<string> TokenAsync()
    {
        var answer = await SendAsync(HttpMethod.Post, "auth/oauth2/token", null, new JsonObject { ["client_id"] = "airtel-client-id", ["client_secret"] = AirtelStub.ClientSecret, ["grant_type"] = "client_credentials" });
        return (string)answer["access_token"]!;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null, string? country = "KE", string? currency = "KES")
    {
        using var request = new HttpRequestMessage(method, new Uri(_sim.BaseAddress, path));
        request.Headers.Accept.ParseAdd("*/*");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
            if (country is not null)
            {
                request.Headers.Add("X-Country", country);
            }

            if (currency is not null)
            {
                request.Headers.Add("X-Currency", currency);
            }
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
