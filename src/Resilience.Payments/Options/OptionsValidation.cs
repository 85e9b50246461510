using System;
using Microsoft.Extensions.Options;

namespace Resilience.Payments;

/// <summary>
/// Validates options where they are used, for types built without the options host (tests, hand-wired adapters), with the same
/// error the host's <c>ValidateOnStart</c> gives.
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
}
