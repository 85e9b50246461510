using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

public class ValidationAndConflictTests
{
    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "missing-key", "IdempotencyKey" },
        { "bad-key-characters", "IdempotencyKey" },
        { "too-long-key", "IdempotencyKey" },
        { "zero-amount", "Amount" },
        { "negative-amount", "Amount" },
        { "default-amount", "Amount" },
        { "no-instrument", "Instruments" },
        { "duplicate-instrument", "Instruments[1]" },
        { "past-expiry", "ExpiresAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task PayAsync_InvalidRequest_ThrowsNamingFieldAndStoresNothing(string scenario, string field)
    {
        using var h = new GatewayHarness();
        var request = Build(h, scenario);

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.PayAsync(request));

        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        await AssertNothingHappenedAsync(h, request.IdempotencyKey);
    }

    [Fact]
    public async Task PayAsync_NullRequest_ThrowsValidationException()
    {
        using var h = new GatewayHarness();

        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.PayAsync(null!));

        Assert.Equal("request", Assert.Single(ex.Errors).Field);
        await AssertNothingHappenedAsync(h, null);
    }

    [Theory]
    [InlineData("KES", "10.005", "amount")]
    [InlineData("UGX", "10.5", "amount")]
    [InlineData("XYZ", "10", "currency")]
    [InlineData("KSH", "10", "currency")]
    public async Task MoneyCtor_OverPrecisionOrUnknownCurrency_ThrowsNamingFieldAndNothingIsStored(string currency, string amount, string field)
    {
        using var h = new GatewayHarness();
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var ex = Assert.Throws<PaymentValidationException>(() => new Money(value, currency));

        Assert.Equal(field, Assert.Single(ex.Errors).Field);
        Assert.Equal(field, ex.ParamName);
        await AssertNothingHappenedAsync(h, null);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("0612345678")]
    [InlineData("07123456789")]
    [InlineData("not a phone")]
    public async Task MobileMoney_MalformedPhone_ThrowsNamingPhoneNumberWithoutEchoingIt(string phone)
    {
        using var h = new GatewayHarness();

        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.MobileMoney(phone));

        Assert.Equal("phoneNumber", Assert.Single(ex.Errors).Field);
        if (phone.Length >= 10)
        {
            Assert.DoesNotContain(phone, ex.Message, StringComparison.Ordinal);
        }

        await AssertNothingHappenedAsync(h, null);
    }

    [Fact]
    public async Task PayAsync_SameKeySameRequest_ReturnsSamePaymentWithoutSecondCall()
    {
        using var h = new GatewayHarness();

        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        var second = await h.Gateway.PayAsync(GatewayHarness.Request()); // a new, equal request object
        var third = await h.Gateway.PayAsync(GatewayHarness.Request(amount: 200.00m)); // same amount, other scale

        Assert.Equal(PaymentStatus.Succeeded, second.Status);
        Assert.Equal(first.Receipt, second.Receipt);
        Assert.Equal(first.Receipt, third.Receipt);
        Assert.Equal(first.ProviderReference, second.ProviderReference);
        Assert.Single(h["mpesa"].Requests);
        Assert.Single(h.AllCharges);
        Assert.Equal(1, h["mpesa"].ChargeCount("park-001"));
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("phone")]
    [InlineData("queue")]
    [InlineData("instrument-order")]
    public async Task PayAsync_SameKeyDifferentRequest_ThrowsConflictAndLeavesPaymentUnchanged(string change)
    {
        using var h = new GatewayHarness();
        var original = GatewayHarness.Request(instruments: [PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.Card("tok_abc_123")]);
        await h.Gateway.PayAsync(original);
        var before = (await h.Store.GetAsync("park-001", CancellationToken.None))!;

        var changed = change switch
        {
            "amount" => GatewayHarness.Request(amount: 201m, instruments: [PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.Card("tok_abc_123")]),
            "phone" => GatewayHarness.Request(instruments: [PaymentInstrument.MobileMoney("0712345679"), PaymentInstrument.Card("tok_abc_123")]),
            "queue" => GatewayHarness.Request(allowQueue: false, instruments: [PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.Card("tok_abc_123")]),
            _ => GatewayHarness.Request(instruments: [PaymentInstrument.Card("tok_abc_123"), PaymentInstrument.MobileMoney("0712345678")]),
        };

        var ex = await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.PayAsync(changed));

        Assert.Equal("park-001", ex.IdempotencyKey);
        var after = (await h.Store.GetAsync("park-001", CancellationToken.None))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        Assert.Equal(Money.Kes(200m), after.Request.Amount);
        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.Single(h.Providers.SelectMany(p => p.Requests));
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task PayAsync_ConflictWhileFirstStillInFlight_ThrowsConflict()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Succeed().WithLatency(TimeSpan.FromSeconds(5)));

        var first = h.Gateway.PayAsync(GatewayHarness.Request());
        await GatewayTestKit.WaitForRequestsAsync(h["mpesa"]);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.PayAsync(GatewayHarness.Request(amount: 999m)));

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await first;
        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(Money.Kes(200m), Assert.Single(h.AllCharges).Amount);
    }

    [Fact]
    public async Task PayAsync_HundredConcurrentCallsOneKey_OneProviderRequestAndSameReceipt()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.Succeed());

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => h.Gateway.PayAsync(GatewayHarness.Request()))));

        Assert.Single(h["mpesa"].Requests);
        Assert.Single(h.AllCharges);
        Assert.Empty(h["paystack"].Requests);
        Assert.All(results, r => Assert.Equal(PaymentStatus.Succeeded, r.Status));
        Assert.Single(results.Select(r => r.Receipt).Distinct());
        Assert.Equal(h.AllCharges.Single().Receipt, results[0].Receipt);
        Assert.Equal(1, (await h.Store.CountByStatusAsync(CancellationToken.None))[PaymentStatus.Succeeded]);
    }

    [Fact]
    public async Task PayAsync_HundredConcurrentCallsOneKeyProviderAccepts_OneProviderRequestAllPending()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.Accept());

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => h.Gateway.PayAsync(GatewayHarness.Request()))));

        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h.AllCharges);
        Assert.All(results, r => Assert.Equal(PaymentStatus.Pending, r.Status));
        Assert.Single(results.Select(r => r.ProviderReference).Distinct());
        Assert.NotNull(results[0].ProviderReference);
    }

    [Fact]
    public async Task PayAsync_ReplayAfterQueued_ReturnsQueuedWithoutCallingProviders()
    {
        using var h = new GatewayHarness();
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Queued, first.Status);
        var calls = h.Providers.Sum(p => p.Requests.Count);

        var replay = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Queued, replay.Status);
        Assert.Equal(first.NextAttemptAt, replay.NextAttemptAt);
        Assert.Equal(first.Attempts.Count, replay.Attempts.Count);
        Assert.Equal(calls, h.Providers.Sum(p => p.Requests.Count));
        Assert.Empty(h.AllCharges);
    }

    private static PaymentRequest Build(GatewayHarness h, string scenario)
    {
        var phone = PaymentInstrument.MobileMoney("0712345678");
        return scenario switch
        {
            "missing-key" => GatewayHarness.Request(key: ""),
            "bad-key-characters" => GatewayHarness.Request(key: "park 001/x"),
            "too-long-key" => GatewayHarness.Request(key: new string('k', PaymentRequest.MaxIdempotencyKeyLength + 1)),
            "zero-amount" => GatewayHarness.Request(amount: 0m),
            "negative-amount" => GatewayHarness.Request(amount: -5m),
            "default-amount" => new PaymentRequest { IdempotencyKey = "park-001", Amount = default, Instruments = [phone] },
            "no-instrument" => new PaymentRequest { IdempotencyKey = "park-001", Amount = Money.Kes(10m), Instruments = [] },
            "duplicate-instrument" => GatewayHarness.Request(instruments: [phone, PaymentInstrument.MobileMoney("+254712345678")]),
            "past-expiry" => GatewayHarness.Request(expiresAt: h.Time.GetUtcNow() - TimeSpan.FromSeconds(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private static async Task AssertNothingHappenedAsync(GatewayHarness h, string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            Assert.Null(await h.Store.GetAsync(key, CancellationToken.None));
        }

        Assert.Empty(await h.Store.CountByStatusAsync(CancellationToken.None));
        Assert.Empty(h.Providers.SelectMany(p => p.Requests));
        Assert.Empty(h.Events.All);
    }
}
