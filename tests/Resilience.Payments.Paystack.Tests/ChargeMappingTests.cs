using System.Text.Json;
using Resilience.Payments.Testing.Simulators.Paystack;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public sealed class ChargeMappingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    [Theory]
    [InlineData("success", OutcomeKind.Succeeded)]
    [InlineData("failed", OutcomeKind.Declined)]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("pay_offline", OutcomeKind.Pending)]
    [InlineData("open_url", OutcomeKind.ActionRequired)]
    [InlineData("send_otp", OutcomeKind.ActionRequired)]
    [InlineData("send_pin", OutcomeKind.ActionRequired)]
    [InlineData("send_phone", OutcomeKind.ActionRequired)]
    [InlineData("send_birthday", OutcomeKind.ActionRequired)]
    [InlineData("send_address", OutcomeKind.ActionRequired)]
    [InlineData("something_new", OutcomeKind.Unknown)]
    public async Task Charge_DataStatus_MapsToOutcome(string status, OutcomeKind expected)
    {
        Stub(_server, "/charge", 200, $$$"""
            {"status":true,"message":"Charge attempted","data":{"id":4099,"reference":"park-001-1","status":"{{{status}}}","amount":20000,"currency":"KES",
             "gateway_response":"Insufficient Funds","display_text":"Enter the code","url":"https://bank.example/3ds"}}
            """);

        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        switch (expected)
        {
            case OutcomeKind.Succeeded:
                Assert.Equal("park-001-1", outcome.Receipt);
                Assert.Equal("park-001-1", outcome.ProviderReference);
                Assert.Equal(Money.Kes(200m), outcome.Amount);
                break;
            case OutcomeKind.Declined:
                Assert.Equal("Insufficient Funds", outcome.Reason);
                Assert.Equal("Insufficient Funds", outcome.Code);
                break;
            case OutcomeKind.ActionRequired when status == "open_url":
                Assert.Equal(PaymentActionKind.Redirect, outcome.Action!.Kind);
                Assert.Equal(new Uri("https://bank.example/3ds"), outcome.Action.RedirectUrl);
                break;
            case OutcomeKind.ActionRequired:
                Assert.Equal(PaymentActionKind.Otp, outcome.Action!.Kind);
                Assert.Equal("Enter the code", outcome.Action.Message);
                Assert.Equal(status, outcome.Code);
                break;
        }
    }

    [Fact]
    public async Task Charge_SuccessWithoutReference_UsesIdAsReceipt()
    {
        Stub(_server, "/charge", 200, """{"status":true,"message":"Charge attempted","data":{"id":4099,"status":"success","amount":20000,"currency":"KES"}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal("4099", outcome.Receipt);
    }

    [Fact]
    public async Task Charge_Success_ReportsAmountCurrencyPayerAndTime()
    {
        Stub(_server, "/charge", 200, """
            {"status":true,"message":"Charge attempted","data":{"id":4099,"reference":"park-001-1","status":"success","amount":100,"currency":"KES",
             "transaction_date":"2026-07-24T03:00:01.000Z","channel":"mobile_money","authorization":{"mobile_money_number":"254722000111"}}}
            """);

        var outcome = await Provider(_server).InitiateAsync(Charge(Mpesa), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(Money.Kes(1m), outcome.Amount); // KES 1, not the KES 200 asked: the gateway records a mismatch
        Assert.Equal("254722000111", outcome.Payer);
        Assert.Equal(new DateTimeOffset(2026, 7, 24, 3, 0, 1, TimeSpan.Zero), outcome.OccurredAt);
    }

    [Theory]
    [InlineData("""{"id":4099,"status":"success"}""")]
    [InlineData("""{"id":4099,"status":"success","amount":20000}""")]
    [InlineData("""{"id":4099,"status":"success","amount":20000,"currency":"???"}""")]
    public async Task Charge_SuccessWithoutReadableAmount_IsUnknownNeverSucceeded(string data)
    {
        Stub(_server, "/charge", 200, $$"""{"status":true,"message":"Charge attempted","data":{{data}}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_amount", outcome.Code);
    }

    [Fact]
    public async Task Charge_SuccessDataOn400_IsTheChargeNotARefusal()
    {
        Stub(_server, "/charge", 400, """{"status":false,"message":"Charge attempted","data":{"reference":"park-001-1","status":"success","amount":20000,"currency":"KES"}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
    }

    [Theory]
    [InlineData(400, OutcomeKind.NotProcessed)]
    [InlineData(401, OutcomeKind.NotProcessed)]
    [InlineData(404, OutcomeKind.NotProcessed)]
    [InlineData(429, OutcomeKind.NotProcessed)]
    [InlineData(500, OutcomeKind.Unknown)]
    [InlineData(502, OutcomeKind.Unknown)]
    [InlineData(503, OutcomeKind.Unknown)]
    [InlineData(504, OutcomeKind.Unknown)]
    public async Task Charge_HttpStatus_MapsToOutcome(int status, OutcomeKind expected)
    {
        Stub(_server, "/charge", status, """{"status":false,"message":"Invalid key"}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
        if (expected == OutcomeKind.NotProcessed && status != 429)
        {
            Assert.Equal("Invalid key", outcome.Reason);
        }
    }

    [Fact]
    public async Task Charge_StatusFalseOn200_IsNotProcessedWithMessage()
    {
        Stub(_server, "/charge", 200, """{"status":false,"message":"Invalid Email Address Passed"}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("Invalid Email Address Passed", outcome.Reason);
    }

    [Fact]
    public async Task Charge_FailedChargeOn400_IsDeclinedNotFailover()
    {
        Stub(_server, "/charge", 400, """{"status":false,"message":"Charge attempted","data":{"reference":"park-001-1","status":"failed","gateway_response":"Declined"}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("Declined", outcome.Reason);
    }

    [Theory]
    [InlineData(400, "Transaction reference has previously been used")]
    [InlineData(400, "Duplicate Transaction Reference")]
    [InlineData(200, "Reference has previously been used")]
    [InlineData(409, "Duplicate reference")]
    public async Task Charge_ReusedReference_IsUnknownNeverNotProcessed(int status, string message)
    {
        Stub(_server, "/charge", status, $$"""{"status":false,"message":"{{message}}"}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("duplicate_reference", outcome.Code);
        Assert.Equal("park-001-1", outcome.ProviderReference);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"status":true,"message":"Charge attempted"}""")]
    public async Task Charge_UnreadableSuccessBody_IsUnknown(string body)
    {
        Stub(_server, "/charge", 200, body);
        var outcome = await Provider(_server).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task Charge_Card_SendsAuthorizationCodeAmountInSubunitAsStringAndAttemptReference()
    {
        Stub(_server, "/charge", 200, """{"status":true,"data":{"reference":"park-001-2","status":"success"}}""");
        await Provider(_server).InitiateAsync(Charge(amount: 200.50m, reference: "park-001-2"), CancellationToken.None);

        var entry = _server.LogEntries.Single().RequestMessage!;
        Assert.Equal("Bearer " + SecretKey, entry.Headers!["Authorization"].Single());
        using var json = JsonDocument.Parse(entry.Body!);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.String, root.GetProperty("amount").ValueKind);
        Assert.Equal("20050", root.GetProperty("amount").GetString());
        Assert.Equal("KES", root.GetProperty("currency").GetString());
        Assert.Equal("park-001-2", root.GetProperty("reference").GetString());
        Assert.Equal(Email, root.GetProperty("email").GetString());
        Assert.Equal("AUTH_8dfhjjdt", root.GetProperty("authorization_code").GetString());
        Assert.False(root.TryGetProperty("mobile_money", out _));
    }

    [Fact]
    public async Task Charge_Mpesa_SendsMobileMoneyWithPlusPhoneAndMpesaProvider()
    {
        Stub(_server, "/charge", 200, """{"status":true,"message":"Charge attempted","data":{"reference":"park-001-1","status":"pay_offline","display_text":"Please complete authorization process on your mobile phone"}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(Mpesa), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("Please complete authorization process on your mobile phone", outcome.Reason);
        using var json = JsonDocument.Parse(LastBody(_server));
        var root = json.RootElement;
        Assert.Equal("+254712345678", root.GetProperty("mobile_money").GetProperty("phone").GetString());
        Assert.Equal("mpesa", root.GetProperty("mobile_money").GetProperty("provider").GetString());
        Assert.Equal("20000", root.GetProperty("amount").GetString());
        Assert.False(root.TryGetProperty("authorization_code", out _));
    }

    [Fact]
    public async Task Checkout_Initialize_ReturnsRedirectAndSendsPayerEmailAndCallback()
    {
        Stub(_server, "/transaction/initialize", 200, """{"status":true,"message":"Authorization URL created","data":{"authorization_url":"https://checkout.paystack.com/0peioxfhpn","access_code":"0peioxfhpn","reference":"park-001-1"}}""");
        var outcome = await Provider(_server).InitiateAsync(Charge(PaymentInstrument.Checkout("wanjiru@example.com")), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(PaymentActionKind.Redirect, outcome.Action!.Kind);
        Assert.Equal(new Uri("https://checkout.paystack.com/0peioxfhpn"), outcome.Action.RedirectUrl);
        using var json = JsonDocument.Parse(LastBody(_server));
        Assert.Equal("wanjiru@example.com", json.RootElement.GetProperty("email").GetString());
        Assert.Equal("20000", json.RootElement.GetProperty("amount").GetString());
        Assert.Equal("park-001-1", json.RootElement.GetProperty("reference").GetString());
        Assert.Equal("https://county.example/paid", json.RootElement.GetProperty("callback_url").GetString());
    }

    [Fact]
    public async Task Checkout_WithoutEmail_UsesDefaultEmail()
    {
        Stub(_server, "/transaction/initialize", 200, """{"status":true,"data":{"authorization_url":"https://checkout.paystack.com/x","reference":"park-001-1"}}""");
        await Provider(_server).InitiateAsync(Charge(PaymentInstrument.Checkout(null, "0712345678")), CancellationToken.None);
        using var json = JsonDocument.Parse(LastBody(_server));
        Assert.Equal(Email, json.RootElement.GetProperty("email").GetString());
    }

    [Theory]
    [InlineData(400, """{"status":false,"message":"Invalid Amount Sent"}""", OutcomeKind.NotProcessed)]
    [InlineData(200, """{"status":true,"data":{"reference":"park-001-1"}}""", OutcomeKind.Unknown)]
    [InlineData(400, """{"status":false,"message":"Duplicate Transaction Reference"}""", OutcomeKind.Unknown)]
    public async Task Checkout_Failures_Classified(int status, string body, OutcomeKind expected)
    {
        Stub(_server, "/transaction/initialize", status, body);
        var outcome = await Provider(_server).InitiateAsync(Charge(PaymentInstrument.Checkout("wanjiru@example.com")), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task Charge_AirtelNumber_IsNotProcessedWithoutAnyRequest()
    {
        var outcome = await Provider(_server).InitiateAsync(Charge(PaymentInstrument.MobileMoney("0733123456")), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task Charge_ConnectionRefused_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort()).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("connection_failed", outcome.Code);
    }

    [Fact]
    public async Task Status_ConnectionRefused_IsUnknown()
    {
        var outcome = await Provider(ClosedPort()).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task Charge_NoReply_IsUnknownAfterShortTimeout()
    {
        await using var sim = new PaystackSimulator(SecretKey);
        sim.ChargeThenNoReply();
        var outcome = await Provider(sim.BaseAddress, TimeSpan.FromMilliseconds(300)).InitiateAsync(Charge(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("timeout", outcome.Code);
        await WaitForAsync(() => sim.Transactions.Count > 0); // under load the charge may reach the simulator after the client gave up
        Assert.Single(sim.Transactions); // it was charged: that is why Unknown must never fail over
    }
}
