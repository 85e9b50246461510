using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Resilience.Payments;

/// <summary>
/// Validates options where they are used, for types built without the options host (tests, hand-wired adapters), with the same
/// error the host's <c>ValidateOnStart</c> gives; and the checks adapters' validators share (<c>AddIf...</c>), each adding one
/// failure that starts with the field's name.
/// </summary>
public static class OptionsValidation
{
    /// <summary>Validates <paramref name="options"/> with <paramref name="validator"/> and returns them, or throws naming every failure.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="validator">The validator.</param>
    /// <param name="options">The options.</param>
    /// <returns><paramref name="options"/>, valid.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each failing field.</exception>
    public static TOptions ThrowIfInvalid<TOptions>(this IValidateOptions<TOptions> validator, TOptions options)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(TOptions), result.Failures);
        }

        return options;
    }

    /// <summary>Returns whether <paramref name="uri"/> is an absolute <c>http</c> or <c>https</c> URL.</summary>
    /// <param name="uri">The URL, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for an absolute http(s) URL.</returns>
    public static bool IsHttpUrl([NotNullWhen(true)] Uri? uri) =>
        uri is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    /// <summary>Adds "<paramref name="field"/> is required." (and <paramref name="hint"/>) when <paramref name="value"/> is empty or blank.</summary>
    /// <param name="failures">The failures of one validation.</param>
    /// <param name="field">The option's name, as written in failures (for example <c>PaystackOptions.SecretKey</c>).</param>
    /// <param name="value">The value.</param>
    /// <param name="hint">Text appended after "is required", for example " (sk_live_... or sk_test_...)"; none when <see langword="null"/>.</param>
    public static void AddIfBlank(this ICollection<string> failures, string field, string? value, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{field} is required{hint}.");
        }
    }

    /// <summary>Adds "<paramref name="field"/> <paramref name="requirement"/>" when <paramref name="value"/> is not an absolute http(s) URL.</summary>
    /// <param name="failures">The failures of one validation.</param>
    /// <param name="field">The option's name, as written in failures.</param>
    /// <param name="value">The URL.</param>
    /// <param name="requirement">What is required, for example "must be an absolute http(s) URL".</param>
    public static void AddIfNotHttpUrl(this ICollection<string> failures, string field, Uri? value, string requirement)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (!IsHttpUrl(value))
        {
            failures.Add($"{field} {requirement}.");
        }
    }

    /// <summary>Adds "<paramref name="field"/> must be between ... and ..." when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>], or not above <paramref name="min"/> when <paramref name="minExclusive"/>.</summary>
    /// <param name="failures">The failures of one validation.</param>
    /// <param name="field">The option's name, as written in failures.</param>
    /// <param name="value">The duration.</param>
    /// <param name="min">The shortest allowed.</param>
    /// <param name="max">The longest allowed.</param>
    /// <param name="minExclusive">Whether <paramref name="min"/> itself is refused (for "must be positive").</param>
    /// <param name="hint">Text appended to the failure, for example " (Pesapal tokens last about five)"; none when <see langword="null"/>.</param>
    public static void AddIfOutside(this ICollection<string> failures, string field, TimeSpan value, TimeSpan min, TimeSpan max, bool minExclusive = false, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (value > max || value < min || (minExclusive && value == min))
        {
            var lower = minExclusive ? $"above {min}" : $"at least {min}";
            failures.Add($"{field} must be {lower} and at most {max}{hint}.");
        }
    }

    /// <summary>Adds "<paramref name="field"/> must list known ISO 4217 currency codes only." when one of <paramref name="currencies"/> is unknown.</summary>
    /// <param name="failures">The failures of one validation.</param>
    /// <param name="field">The option's name, as written in failures.</param>
    /// <param name="currencies">The currency codes.</param>
    public static void AddIfUnknownCurrency(this ICollection<string> failures, string field, IEnumerable<string>? currencies)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (currencies is not null && currencies.Any(static c => !Currency.TryGet(c, out _)))
        {
            failures.Add($"{field} must list known ISO 4217 currency codes only.");
        }
    }

    /// <summary>The result of a validation that collected <paramref name="failures"/>: success when there are none.</summary>
    /// <param name="failures">The failures.</param>
    /// <returns><see cref="ValidateOptionsResult.Success"/>, or a failure naming every one.</returns>
    public static ValidateOptionsResult ToResult(this ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
