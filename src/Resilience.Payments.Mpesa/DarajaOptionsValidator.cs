using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Mpesa;

/// <summary>Validates <see cref="DarajaOptions"/>; every message names the option at fault.</summary>
public sealed class DarajaOptionsValidator : IValidateOptions<DarajaOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DarajaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{nameof(DarajaOptions.Name)} is required.");
        }

        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress || (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{nameof(DarajaOptions.BaseAddress)} must be an absolute http(s) URL, for example {DarajaOptions.Sandbox}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerKey))
        {
            failures.Add($"{nameof(DarajaOptions.ConsumerKey)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerSecret))
        {
            failures.Add($"{nameof(DarajaOptions.ConsumerSecret)} is required.");
        }

        if (!IsDigits(options.BusinessShortCode))
        {
            failures.Add($"{nameof(DarajaOptions.BusinessShortCode)} is required and must be digits only (for example 174379).");
        }

        if (string.IsNullOrWhiteSpace(options.Passkey))
        {
            failures.Add($"{nameof(DarajaOptions.Passkey)} is required.");
        }

        if (!Enum.IsDefined(options.TransactionType))
        {
            failures.Add($"{nameof(DarajaOptions.TransactionType)} must be CustomerPayBillOnline or CustomerBuyGoodsOnline.");
        }

        if (!string.IsNullOrEmpty(options.PartyB) && !IsDigits(options.PartyB))
        {
            failures.Add($"{nameof(DarajaOptions.PartyB)} must be digits only (a till number or short code).");
        }

        if (options.CallbackUrl is not { IsAbsoluteUri: true } callback || (callback.Scheme != Uri.UriSchemeHttps && callback.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{nameof(DarajaOptions.CallbackUrl)} is required and must be an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(options.DefaultAccountReference) || options.DefaultAccountReference.Length > DarajaLimits.AccountReferenceMaxLength)
        {
            failures.Add($"{nameof(DarajaOptions.DefaultAccountReference)} must be 1 to {DarajaLimits.AccountReferenceMaxLength} characters.");
        }

        if (string.IsNullOrEmpty(options.DefaultTransactionDescription) || options.DefaultTransactionDescription.Length > DarajaLimits.TransactionDescMaxLength)
        {
            failures.Add($"{nameof(DarajaOptions.DefaultTransactionDescription)} must be 1 to {DarajaLimits.TransactionDescMaxLength} characters.");
        }

        if (options.StatementSettleTime <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(DarajaOptions.StatementSettleTime)} must be positive.");
        }

        if (options.NotFoundSettleTime <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(DarajaOptions.NotFoundSettleTime)} must be positive.");
        }

        ValidateSigningKeys(options, failures);

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(DarajaOptions.Timeout)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSigningKeys(DarajaOptions options, List<string> failures)
    {
        var keys = options.CallbackSigningKeys;
        if (keys is null || keys.Count == 0)
        {
            if (options.CallbackUrlIncludesAttempt)
            {
                failures.Add(
                    $"{nameof(DarajaOptions.CallbackSigningKeys)} needs at least one secret key (32 or more random characters) to sign the attempt carried in the CallBackURL"
                    + $" ({nameof(DarajaOptions.CallbackUrlIncludesAttempt)} is true); or set {nameof(DarajaOptions.CallbackUrlIncludesAttempt)} to false.");
            }

            return;
        }

        if (keys.Any(static k => string.IsNullOrWhiteSpace(k) || k.Length < CallbackTokenSigner.MinKeyLength))
        {
            failures.Add($"{nameof(DarajaOptions.CallbackSigningKeys)}: every key must be at least {CallbackTokenSigner.MinKeyLength} characters.");
        }
    }

    private static bool IsDigits(string? value) => !string.IsNullOrEmpty(value) && value.All(char.IsAsciiDigit);
}
