using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Mpesa;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// DarajaSimulator over raw HTTP, as a client SDK speaks to it: as lenient as the observed Daraja API (no 13/12 length limits, numbers
/// as JSON numbers, PartyA apart from PhoneNumber, tokens that coexist), refusing what Daraja refuses, with Daraja's codes.
/// </summary>
public sealed class DarajaSimulatorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DarajaSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly HttpClient _http;

    public DarajaSimulatorTests()
    {
        _sim = new DarajaSimulator(seed: 3, timeProvider: _time);
        _http = new HttpClient { BaseAddress = _sim.BaseAddress };
        _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private string CallbackUrl => _receiver.Url + "/callback";

    [Fact]
    public async Task StkPush_DescriptionOver13AndReferenceOver12_IsAcceptedAsTheObservedApiDoes()
    {
        var token = await TokenAsync();

        // mpesa-node's default TransactionDesc (20 characters), and a 14-character AccountReference reported accepted
        var (status, body) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push(p =>
        {
            p["TransactionDesc"] = "Lipa na mpesa online";
            p["AccountReference"] = "457A2715F2D9AB";
        }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0", (string?)body["ResponseCode"]);
        Assert.Equal(1, _sim.PromptsSent);
    }

    [Fact]
    public async Task StkPush_NumbersAsJsonNumbersAndTransactionDescAbsent_IsAccepted()
    {
        var token = await TokenAsync();
        var push = Push(p =>
        {
            p["BusinessShortCode"] = 174379; // mpesa-node sends numbers where it was given numbers
            p["Amount"] = 100;
            p["PartyA"] = 254708374149;
            p["PhoneNumber"] = 254708374149;
            p.Remove("TransactionDesc"); // the one field Daraja documents as optional
        });

        var (status, _) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, push);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task StkPush_PartyAOtherThanPhoneNumber_IsAccepted_AndThePhoneNumberPays()
    {
        var token = await TokenAsync();

        var (status, _) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push(p =>
        {
            p["PartyA"] = "254722000000";
            p["PhoneNumber"] = "254722111111"; // documented: "can be the same as PartyA"
        }));
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2547****1111", Assert.Single(_sim.Charges).PhoneNumber);
        Assert.Contains("254722111111", Assert.Single(_sim.Callbacks).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TransactionType", "\"CustomerPayBillOnline \"", "TransactionType")] // mpesa-api 3.0.2's default, trailing space
    [InlineData("Amount", "\"10.5\"", "Amount")]
    [InlineData("Amount", "0", "Amount")]
    [InlineData("Amount", "250001", "Amount")]
    [InlineData("Amount", "true", "Amount")]
    [InlineData("PartyA", "\"0712345678\"", "PartyA")]
    [InlineData("PhoneNumber", "\"+254712345678\"", "PhoneNumber")]
    [InlineData("PartyB", "\"\"", "PartyB")]
    [InlineData("CallBackURL", "\"not a url\"", "CallBackURL")]
    [InlineData("AccountReference", "\"\"", "AccountReference")]
    [InlineData("AccountReference", "null", "AccountReference")]
    [InlineData("TransactionDesc", "null", "Remarks")]
    [InlineData("TransactionDesc", "{}", "Remarks")]
    [InlineData("Timestamp", "\"2026-12-07 12:00:00\"", "Timestamp")]
    [InlineData("BusinessShortCode", "\"600000\"", "BusinessShortCode")]
    public async Task StkPush_FieldDarajaRefuses_Is400_002_02NamingIt_AndNoPromptIsSent(string field, string json, string named)
    {
        var token = await TokenAsync();

        var (status, body) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push(p => p[field] = JsonNode.Parse(json)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("400.002.02", (string?)body["errorCode"]);
        Assert.Equal($"Bad Request - Invalid {named}", (string?)body["errorMessage"]);
        Assert.Equal(0, _sim.PromptsSent);
    }

    [Theory]
    [InlineData("AccountReference")]
    [InlineData("PartyB")]
    [InlineData("CallBackURL")]
    [InlineData("PhoneNumber")]
    public async Task StkPush_MandatoryFieldMissing_IsRefused(string field)
    {
        var token = await TokenAsync();

        var (status, body) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push(p => p.Remove(field)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Bad Request - Invalid {field}", (string?)body["errorMessage"]);
    }

    [Theory]
    [InlineData("wrong-passkey", null)]
    [InlineData(DarajaSimulator.SandboxPasskey, "20261207085959")] // encoded with another Timestamp than the body's
    public async Task StkPush_PasswordThatDoesNotMatch_IsWrongCredentials500(string passkey, string? encodedTimestamp)
    {
        var token = await TokenAsync();
        var push = Push(p => p["Password"] = Password(passkey, encodedTimestamp ?? (string)p["Timestamp"]!));

        var (status, body) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, push);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("500.001.1001", (string?)body["errorCode"]);
        Assert.Equal("Wrong credentials", (string?)body["errorMessage"]);
        Assert.Equal(0, _sim.PromptsSent);
    }

    [Fact]
    public async Task Tokens_TwoIssued_BothServeConcurrentCallsByDefault()
    {
        var first = await TokenAsync();
        var second = await TokenAsync();

        var answers = await Task.WhenAll(
            PostAsync("/mpesa/stkpush/v1/processrequest", first, Push()),
            PostAsync("/mpesa/stkpush/v1/processrequest", second, Push()));

        Assert.NotEqual(first, second);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(2, _sim.PromptsSent);
        Assert.False(_sim.RevokesPreviousTokens);
    }

    [Fact]
    public async Task Tokens_RevokePreviousTokensFault_RefusesTheOlderTokenWith404_001_03()
    {
        _sim.RevokePreviousTokens();
        var first = await TokenAsync();
        var second = await TokenAsync();

        var (oldStatus, oldBody) = await PostAsync("/mpesa/stkpush/v1/processrequest", first, Push());
        var (newStatus, _) = await PostAsync("/mpesa/stkpush/v1/processrequest", second, Push());

        Assert.Equal(HttpStatusCode.NotFound, oldStatus);
        Assert.Equal("404.001.03", (string?)oldBody["errorCode"]);
        Assert.Equal(HttpStatusCode.OK, newStatus);
        Assert.Equal(1, _sim.PromptsSent);
    }

    [Fact]
    public async Task Adapter_TwoInstancesUnderTheRevocationFault_TheRevokedOneRefreshesOnceAndIsServed()
    {
        _sim.RevokePreviousTokens();
        using var first = DarajaTestKit.Provider(_sim.BaseAddress, _time);
        using var second = DarajaTestKit.Provider(_sim.BaseAddress, _time);
        Assert.Equal(OutcomeKind.Pending, (await first.InitiateAsync(DarajaTestKit.Request(attempt: 1), CancellationToken.None)).Kind);
        Assert.Equal(OutcomeKind.Pending, (await second.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None)).Kind); // revokes first's token

        var outcome = await first.InitiateAsync(DarajaTestKit.Request(attempt: 3), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(3, _sim.TokenRequests); // the first adapter refreshed once
        Assert.Equal(4, _sim.StkPushRequests); // its refused push, then the one sent again
        Assert.Equal(3, _sim.PromptsSent);
    }

    [Fact]
    public async Task Tokens_ExpireAfterTheirLifetime_OnTheSimulatorsClock()
    {
        var token = await TokenAsync();
        _time.Advance(TimeSpan.FromSeconds(_sim.TokenLifetimeSeconds));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push())).Status);

        _time.Advance(TimeSpan.FromSeconds(1)); // Daraja's 3600 s are over

        var (status, body) = await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push());
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("404.001.03", (string?)body["errorCode"]);
    }

    [Fact]
    public async Task OAuth_WrongSecret_IsRefused_AndNoTokenIsIssued()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/v1/generate?grant_type=client_credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_sim.ConsumerKey}:wrong")));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("400.008.01", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errorCode"]);
    }

    [Fact]
    public async Task StkQuery_UnknownCheckoutRequestId_IsInvalidCheckoutRequestID()
    {
        var token = await TokenAsync();
        var timestamp = Timestamp();

        var (status, body) = await PostAsync("/mpesa/stkpushquery/v1/query", token, new JsonObject
        {
            ["BusinessShortCode"] = 174379,
            ["Password"] = Password(DarajaSimulator.SandboxPasskey, timestamp),
            ["Timestamp"] = timestamp,
            ["CheckoutRequestID"] = "ws_CO_000000000000000000",
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Bad Request - Invalid CheckoutRequestID", (string?)body["errorMessage"]);
    }

    [Fact]
    public async Task TransactionStatus_OfAPaymentReceipt_PostsItCompleted_WithEitherQueueTimeoutSpelling()
    {
        var token = await TokenAsync();
        await PostAsync("/mpesa/stkpush/v1/processrequest", token, Push());
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var receipt = Assert.Single(_sim.Charges).Receipt!;

        var (status, _) = await PostAsync("/mpesa/transactionstatus/v1/query", token, new JsonObject
        {
            ["Initiator"] = _sim.InitiatorName,
            ["SecurityCredential"] = Credential(_sim.InitiatorPassword),
            ["CommandID"] = "TransactionStatusQuery",
            ["TransactionID"] = receipt,
            ["PartyA"] = 174379,
            ["IdentifierType"] = 4,
            ["ResultURL"] = CallbackUrl,
            ["QueueTimeoutURL"] = CallbackUrl, // the Transaction Status page's spelling
            ["Remarks"] = "S", // "a sequence of characters up to 100"
        });
        _time.Advance(_sim.StatusQueryDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var result = JsonNode.Parse(_sim.Callbacks[^1].Body)!["Result"]!;
        Assert.Equal(0, (int)result["ResultCode"]!);
        var parameters = result["ResultParameters"]!["ResultParameter"]!.AsArray().ToDictionary(p => (string)p!["Key"]!, p => p!["Value"]?.ToString());
        Assert.Equal("Completed", parameters["TransactionStatus"]);
        Assert.Equal(receipt, parameters["ReceiptNo"]);
        Assert.Equal("100", parameters["Amount"]);
    }

    [Theory]
    [InlineData("Lipa na mpesa online", "KCA123X", "TransactionDesc")]
    [InlineData("Parking", "457A2715F2D9AB", "AccountReference")]
    public async Task Adapter_KeepsTheDocumentedLimits_ThoughTheSimulatorWouldAccept(string description, string reference, string field)
    {
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time);

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(accountReference: reference, description: description), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Contains(field, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _sim.StkPushRequests);
    }

    private static string Timestamp() => Start.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Password(string passkey, string timestamp) => Convert.ToBase64String(Encoding.UTF8.GetBytes("174379" + passkey + timestamp));

    private static string Credential(string password)
    {
        using var certificate = X509Certificate2.CreateFromPem(DarajaSimulator.CertificatePem);
        using var rsa = certificate.GetRSAPublicKey()!;
        return Convert.ToBase64String(rsa.Encrypt(Encoding.UTF8.GetBytes(password), RSAEncryptionPadding.Pkcs1));
    }

    private JsonObject Push(Action<JsonObject>? change = null)
    {
        var timestamp = Timestamp();
        var push = new JsonObject
        {
            ["BusinessShortCode"] = "174379",
            ["Password"] = Password(DarajaSimulator.SandboxPasskey, timestamp),
            ["Timestamp"] = timestamp,
            ["TransactionType"] = "CustomerPayBillOnline",
            ["Amount"] = "100",
            ["PartyA"] = "254708374149",
            ["PartyB"] = "174379",
            ["PhoneNumber"] = "254708374149",
            ["CallBackURL"] = CallbackUrl,
            ["AccountReference"] = "KCA123X",
            ["TransactionDesc"] = "Parking",
        };
        change?.Invoke(push);
        return push;
    }

    [Theory]
    [InlineData("POST", "/mpesa/b2c/v3/paymentrequest")] // B2C, called by daraja.js@1.0.2's b2c().send()
    [InlineData("POST", "/mpesa/c2b/v1/registerurl")]
    [InlineData("POST", "/mpesa/accountbalance/v1/query")]
    [InlineData("GET", "/mpesa/stkpush/v1/processrequest")] // a served path with the wrong method
    public async Task UnservedRoute_IsDarajasResourceNotFound_NotWireMocks(string method, string path)
    {
        var token = await TokenAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("404.001.01", "Resource not found"), ((string?)body["errorCode"], (string?)body["errorMessage"]));
        Assert.False(string.IsNullOrEmpty((string?)body["requestId"]));
        Assert.Equal(0, _sim.PromptsSent);
    }

    private async Task<string> TokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/v1/generate?grant_type=client_credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_sim.ConsumerKey}:{_sim.ConsumerSecret}")));
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string token, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
