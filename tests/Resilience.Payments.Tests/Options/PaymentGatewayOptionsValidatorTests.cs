using Microsoft.Extensions.Options;

namespace Resilience.Payments.Tests;

public class PaymentGatewayOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(PaymentGatewayOptions options) =>
        new PaymentGatewayOptionsValidator().Validate(Options.DefaultName, options);

    private static void AssertFailsWith(PaymentGatewayOptions options, string path)
    {
        var result = Validate(options);

        Assert.True(result.Failed, $"expected a failure naming {path}");
        Assert.Contains(result.Failures!, f => f.StartsWith(path + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = Validate(new PaymentGatewayOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_DefaultsWithProvidersAndFailoverOrder_Succeeds()
    {
        var options = new PaymentGatewayOptions();
        options.Providers["mpesa"] = new ProviderResilienceOptions();
        options.FailoverOrder.Add("mpesa");
        options.FailoverOrder.Add("airtel");

        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("KES", 0)]
    [InlineData("KES", -1)]
    [InlineData("XYZ", 1000)]
    [InlineData("KSH", 1000)]
    public void Validate_MaxAmountsNotPositiveOrUnknownCurrency_NamesPath(string currency, int max)
    {
        var options = new PaymentGatewayOptions();
        options.MaxAmounts[currency] = max;

        AssertFailsWith(options, "MaxAmounts:" + currency);
    }

    [Fact]
    public void Validate_MaxAmountsPositiveForKnownCurrencies_Succeeds()
    {
        var options = new PaymentGatewayOptions();
        options.MaxAmounts["kes"] = 500_000m;
        options.MaxAmounts["UGX"] = 0.5m;

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        Assert.Equal(500_000m, options.MaxAmounts["KES"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_DefaultProviderMaxConcurrencyBelowOne_NamesPath(int value)
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.MaxConcurrency = value;

        AssertFailsWith(options, "DefaultProvider:MaxConcurrency");
    }

    [Fact]
    public void Validate_ProviderAttemptTimeoutWithinTenSecondsOfLease_NamesProviderPath()
    {
        var options = new PaymentGatewayOptions { LeaseDuration = TimeSpan.FromMinutes(2) };
        options.Providers["mpesa"] = new ProviderResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(111) };

        AssertFailsWith(options, "Providers:mpesa:AttemptTimeout");
    }

    [Fact]
    public void Validate_ProviderAttemptTimeoutExactlyTenSecondsShorterThanLease_Succeeds()
    {
        var options = new PaymentGatewayOptions { LeaseDuration = TimeSpan.FromMinutes(2) };
        options.Providers["mpesa"] = new ProviderResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(110) };

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_ZeroAttemptTimeout_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.AttemptTimeout = TimeSpan.Zero;

        AssertFailsWith(options, "DefaultProvider:AttemptTimeout");
    }

    [Fact]
    public void Validate_ZeroStatusQueryTimeout_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.StatusQueryTimeout = TimeSpan.Zero;

        AssertFailsWith(options, "DefaultProvider:StatusQueryTimeout");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Validate_BadFailureRatio_NamesPath(double ratio)
    {
        var options = new PaymentGatewayOptions();
        options.Providers["airtel"] = new ProviderResilienceOptions { FailureRatio = ratio };

        AssertFailsWith(options, "Providers:airtel:FailureRatio");
    }

    [Fact]
    public void Validate_MinimumThroughputOne_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.MinimumThroughput = 1;

        AssertFailsWith(options, "DefaultProvider:MinimumThroughput");
    }

    [Fact]
    public void Validate_ShortSamplingDuration_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.SamplingDuration = TimeSpan.FromMilliseconds(499);

        AssertFailsWith(options, "DefaultProvider:SamplingDuration");
    }

    [Fact]
    public void Validate_ShortBreakDuration_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.BreakDuration = TimeSpan.FromMilliseconds(499);

        AssertFailsWith(options, "DefaultProvider:BreakDuration");
    }

    [Fact]
    public void Validate_NullProviderOptions_NamesProvider()
    {
        var options = new PaymentGatewayOptions();
        options.Providers["paystack"] = null!;

        AssertFailsWith(options, "Providers:paystack");
    }

    [Fact]
    public void Validate_ZeroLeaseDuration_NamesPath()
    {
        var options = new PaymentGatewayOptions { LeaseDuration = TimeSpan.Zero };

        AssertFailsWith(options, "LeaseDuration");
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Validate_JitterFactorOutsideZeroToOne_NamesPath(double jitter)
    {
        var options = new PaymentGatewayOptions();
        options.Queue.JitterFactor = jitter;

        AssertFailsWith(options, "Queue:JitterFactor");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_JitterFactorAtBounds_Succeeds(double jitter)
    {
        var options = new PaymentGatewayOptions();
        options.Queue.JitterFactor = jitter;

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_QueueMaxDelayShorterThanInitialDelay_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Queue.InitialDelay = TimeSpan.FromMinutes(5);
        options.Queue.MaxDelay = TimeSpan.FromMinutes(4);

        AssertFailsWith(options, "Queue:MaxDelay");
    }

    [Fact]
    public void Validate_QueueMaxAttemptsZero_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Queue.MaxAttempts = 0;

        AssertFailsWith(options, "Queue:MaxAttempts");
    }

    [Fact]
    public void Validate_QueueBatchSizeZero_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Queue.BatchSize = 0;

        AssertFailsWith(options, "Queue:BatchSize");
    }

    [Fact]
    public void Validate_QueuePollIntervalZero_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Queue.PollInterval = TimeSpan.Zero;

        AssertFailsWith(options, "Queue:PollInterval");
    }

    [Fact]
    public void Validate_NullQueue_NamesQueue()
    {
        var options = new PaymentGatewayOptions { Queue = null! };

        AssertFailsWith(options, "Queue");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(32 * 24 * 60)]
    public void Validate_PossibleDuplicateWindowOutOfRange_NamesPath(int minutes)
    {
        var options = new PaymentGatewayOptions();
        options.Refunds.PossibleDuplicateWindow = TimeSpan.FromMinutes(minutes);

        AssertFailsWith(options, "Refunds:PossibleDuplicateWindow");
    }

    [Fact]
    public void Validate_UndefinedDuplicateChargePolicy_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Refunds.DuplicateCharges = (DuplicateChargePolicy)7;

        AssertFailsWith(options, "Refunds:DuplicateCharges");
    }

    [Fact]
    public void Validate_NullRefunds_NamesRefunds()
    {
        var options = new PaymentGatewayOptions { Refunds = null! };

        AssertFailsWith(options, "Refunds");
    }

    [Fact]
    public void Validate_ReconciliationBatchSizeZero_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Reconciliation.BatchSize = 0;

        AssertFailsWith(options, "Reconciliation:BatchSize");
    }

    [Fact]
    public void Validate_ReconciliationMaxDelayShorterThanFirstCheck_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Reconciliation.MaxDelay = TimeSpan.FromSeconds(10);

        AssertFailsWith(options, "Reconciliation:MaxDelay");
    }

    [Fact]
    public void Validate_ReconciliationFirstCheckDelayZero_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Reconciliation.FirstCheckDelay = TimeSpan.Zero;

        AssertFailsWith(options, "Reconciliation:FirstCheckDelay");
    }

    [Fact]
    public void Validate_NullReconciliation_NamesReconciliation()
    {
        var options = new PaymentGatewayOptions { Reconciliation = null! };

        AssertFailsWith(options, "Reconciliation");
    }

    [Fact]
    public void Validate_FailoverOrderDuplicateIgnoringCase_NamesFailoverOrder()
    {
        var options = new PaymentGatewayOptions();
        options.FailoverOrder.Add("mpesa");
        options.FailoverOrder.Add("MPESA");

        AssertFailsWith(options, "FailoverOrder[1]");
    }

    [Fact]
    public void Validate_FailoverOrderBlankName_NamesFailoverOrder()
    {
        var options = new PaymentGatewayOptions();
        options.FailoverOrder.Add(" ");

        AssertFailsWith(options, "FailoverOrder[0]");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.MaxConcurrency = 0;
        options.Queue.BatchSize = 0;
        options.Reconciliation.BatchSize = 0;

        var failures = Validate(options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
    }

    [Theory]
    [InlineData("AttemptTimeout", 0.005)]
    [InlineData("AttemptTimeout", 90_000)]
    [InlineData("SamplingDuration", 172_800)]
    [InlineData("BreakDuration", 172_800)]
    public void Validate_DurationOutsidePollyRange_NamesPath(string option, double seconds)
    {
        var options = new PaymentGatewayOptions { LeaseDuration = TimeSpan.FromDays(3) };
        var provider = new ProviderResilienceOptions();
        var value = TimeSpan.FromSeconds(seconds);
        switch (option)
        {
            case "AttemptTimeout":
                provider.AttemptTimeout = value;
                break;
            case "SamplingDuration":
                provider.SamplingDuration = value;
                break;
            default:
                provider.BreakDuration = value;
                break;
        }

        options.Providers["mpesa"] = provider;

        AssertFailsWith(options, "Providers:mpesa:" + option);
    }

    [Fact]
    public void Validate_AttentionAfterNotPositive_NamesPath()
    {
        var options = new PaymentGatewayOptions();
        options.Reconciliation.AttentionAfter = TimeSpan.Zero;

        AssertFailsWith(options, "Reconciliation:AttentionAfter");
    }
}
