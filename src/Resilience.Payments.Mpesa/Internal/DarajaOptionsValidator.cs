using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Http;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>Validates <see cref="DarajaOptions"/>, collecting every failure; each names the option at fault (<c>DarajaOptions.Field</c>).</summary>
internal sealed class DarajaOptionsValidator : IValidateOptions<DarajaOptions>
{
    private const string O = nameof(DarajaOptions) + ".";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DarajaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddIfBlank(O + nameof(DarajaOptions.Name), options.Name);
        failures.AddIfNotHttpUrl(O + nameof(DarajaOptions.BaseAddress), options.BaseAddress, $"must be an absolute http(s) URL, for example {DarajaOptions.Sandbox}");
        failures.AddIfBlank(O + nameof(DarajaOptions.ConsumerKey), options.ConsumerKey);
        failures.AddIfBlank(O + nameof(DarajaOptions.ConsumerSecret), options.ConsumerSecret);
        if (!IsDigits(options.BusinessShortCode))
        {
            failures.Add($"{O}{nameof(DarajaOptions.BusinessShortCode)} is required and must be digits only (for example 174379).");
        }

        failures.AddIfBlank(O + nameof(DarajaOptions.Passkey), options.Passkey);
        if (!Enum.IsDefined(options.TransactionType))
        {
            failures.Add($"{O}{nameof(DarajaOptions.TransactionType)} must be CustomerPayBillOnline or CustomerBuyGoodsOnline.");
        }

        if (!string.IsNullOrEmpty(options.PartyB) && !IsDigits(options.PartyB))
        {
            failures.Add($"{O}{nameof(DarajaOptions.PartyB)} must be digits only (a till number or short code).");
        }

        failures.AddIfNotHttpUrl(O + nameof(DarajaOptions.CallbackUrl), options.CallbackUrl, "is required and must be an absolute http(s) URL");
        if (string.IsNullOrEmpty(options.DefaultAccountReference) || options.DefaultAccountReference.Length > DarajaLimits.AccountReferenceMaxLength)
        {
            failures.Add($"{O}{nameof(DarajaOptions.DefaultAccountReference)} must be 1 to {DarajaLimits.AccountReferenceMaxLength} characters.");
        }

        if (string.IsNullOrEmpty(options.DefaultTransactionDescription) || options.DefaultTransactionDescription.Length > DarajaLimits.TransactionDescMaxLength)
        {
            failures.Add($"{O}{nameof(DarajaOptions.DefaultTransactionDescription)} must be 1 to {DarajaLimits.TransactionDescMaxLength} characters.");
        }

        failures.AddIfOutside(O + nameof(DarajaOptions.StatementSettleTime), options.StatementSettleTime, TimeSpan.Zero, TimeSpan.MaxValue, minExclusive: true);
        failures.AddIfOutside(O + nameof(DarajaOptions.NotFoundSettleTime), options.NotFoundSettleTime, TimeSpan.Zero, TimeSpan.MaxValue, minExclusive: true);
        ValidateSigningKeys(options, failures);
        ValidateReversal(options, failures);
        failures.AddIfOutside(O + nameof(DarajaOptions.RequestTimeout), options.RequestTimeout, TimeSpan.Zero, ProviderHttpExchange.MaxRequestTimeout, minExclusive: true);
        return failures.ToResult();
    }

    private static void ValidateSigningKeys(DarajaOptions options, List<string> failures)
    {
        var keys = options.CallbackSigningKeys;
        if (keys is null || keys.Count == 0)
        {
            if (options.CallbackUrlIncludesAttempt)
            {
                failures.Add(
                    $"{O}{nameof(DarajaOptions.CallbackSigningKeys)} needs at least one secret key (32 or more random characters) to sign the attempt carried in the CallBackURL"
                    + $" ({nameof(DarajaOptions.CallbackUrlIncludesAttempt)} is true); or set {nameof(DarajaOptions.CallbackUrlIncludesAttempt)} to false.");
            }

            return;
        }

        if (keys.Any(static k => string.IsNullOrWhiteSpace(k) || k.Length < CallbackTokenSigner.MinKeyLength))
        {
            failures.Add($"{O}{nameof(DarajaOptions.CallbackSigningKeys)}: every key must be at least {CallbackTokenSigner.MinKeyLength} characters.");
        }
    }

    private static void ValidateReversal(DarajaOptions options, List<string> failures)
    {
        const string R = O + nameof(DarajaOptions.Reversal) + ".";
        var reversal = options.Reversal;
        if (reversal is null)
        {
            return;
        }

        if (!reversal.IsConfigured)
        {
            if (!string.IsNullOrEmpty(reversal.InitiatorPassword) || !string.IsNullOrWhiteSpace(reversal.Certificate) || !string.IsNullOrWhiteSpace(reversal.CertificatePath))
            {
                failures.Add($"{R}{nameof(DarajaReversalOptions.InitiatorName)} is required when the initiator password or certificate is set (refunds are off without it).");
            }

            return;
        }

        failures.AddIfBlank(R + nameof(DarajaReversalOptions.InitiatorPassword), reversal.InitiatorPassword);
        using (var credential = DarajaSecurityCredential.TryLoad(reversal, out var error))
        {
            if (credential is null && !string.IsNullOrEmpty(reversal.InitiatorPassword))
            {
                failures.Add(error!);
            }
        }

        if (reversal.ResultUrl is not null)
        {
            failures.AddIfNotHttpUrl(R + nameof(DarajaReversalOptions.ResultUrl), reversal.ResultUrl, "must be an absolute http(s) URL");
        }

        if (reversal.QueueTimeOutUrl is not null)
        {
            failures.AddIfNotHttpUrl(R + nameof(DarajaReversalOptions.QueueTimeOutUrl), reversal.QueueTimeOutUrl, "must be an absolute http(s) URL");
        }

        if (!string.IsNullOrEmpty(reversal.ReceiverParty) && !IsDigits(reversal.ReceiverParty))
        {
            failures.Add($"{R}{nameof(DarajaReversalOptions.ReceiverParty)} must be digits only (the short code that received the payments).");
        }

        if ((options.CallbackSigningKeys is null || options.CallbackSigningKeys.Count == 0) && !options.CallbackUrlIncludesAttempt)
        {
            failures.Add(
                $"{O}{nameof(DarajaOptions.CallbackSigningKeys)} needs at least one secret key (32 or more random characters) to sign the refund carried in the reversal's ResultURL"
                + $" ({R}{nameof(DarajaReversalOptions.InitiatorName)} is set).");
        }
    }

    private static bool IsDigits(string? value) => !string.IsNullOrEmpty(value) && value.All(char.IsAsciiDigit);
}
