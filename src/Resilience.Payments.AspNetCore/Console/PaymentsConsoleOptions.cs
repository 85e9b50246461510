using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// How <c>MapPaymentsConsole</c> serves the operations console. The console must be protected: set
/// <see cref="AuthorizationPolicy"/>, or state <see cref="AllowAnonymous"/> (honoured in Development only).
/// <see cref="Validate"/> runs when the console is mapped and names each property in error.
/// </summary>
public sealed class PaymentsConsoleOptions
{
    /// <summary>The default <see cref="RefreshInterval"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>The default <see cref="SearchLimit"/>: 50 rows.</summary>
    public const int DefaultSearchLimit = 50;

    /// <summary>
    /// Gets or sets the name of the authorization policy every console request must satisfy (the application registers it
    /// with <c>AddAuthorization</c>; for example a policy requiring the role <c>payments-operator</c>). Default
    /// <see langword="null"/>: mapping then throws unless <see cref="AllowAnonymous"/> is set.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the console may be served without authorization. Honoured only when the host
    /// environment is Development (a developer's machine); in any other environment mapping throws. Actions are then recorded
    /// with the actor <c>anonymous</c>. Default <see langword="false"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Gets or sets how often an open overview refreshes its live part (short polling of an HTML fragment; without JavaScript
    /// the page refreshes itself every 30 seconds). Default <see cref="DefaultRefreshInterval"/> (5 seconds). 0.5 seconds to
    /// 10 minutes.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

    /// <summary>Gets or sets the most payments a search shows (the overview shows up to <see cref="PaymentOperations.OverviewListLimit"/> per list). Default <see cref="DefaultSearchLimit"/> (50). 1 to 1,000.</summary>
    public int SearchLimit { get; set; } = DefaultSearchLimit;

    /// <summary>Gets or sets the title shown on every page (HTML-encoded). Default <c>Payments console</c>. 1 to 100 characters.</summary>
    public string Title { get; set; } = "Payments console";

    /// <summary>Checks every value.</summary>
    /// <returns>One message per problem, naming the property; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (AuthorizationPolicy is not null && string.IsNullOrWhiteSpace(AuthorizationPolicy))
        {
            failures.Add($"{nameof(AuthorizationPolicy)} must be a policy name (or null with {nameof(AllowAnonymous)} in Development).");
        }

        if (AuthorizationPolicy is not null && AllowAnonymous)
        {
            failures.Add($"{nameof(AuthorizationPolicy)} and {nameof(AllowAnonymous)} contradict each other: set one.");
        }

        failures.AddIfOutside(nameof(RefreshInterval), RefreshInterval, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10));
        if (SearchLimit is < 1 or > 1000)
        {
            failures.Add($"{nameof(SearchLimit)} must be between 1 and 1,000.");
        }

        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 100)
        {
            failures.Add($"{nameof(Title)} must be 1 to 100 characters.");
        }

        return failures;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(PaymentsConsoleOptions), typeof(PaymentsConsoleOptions), failures);
        }
    }
}
