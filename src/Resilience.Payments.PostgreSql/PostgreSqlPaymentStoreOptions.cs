using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Resilience.Payments.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlPaymentStore"/>.</summary>
public sealed partial class PostgreSqlPaymentStoreOptions
{
    /// <summary>The schema used when none is set: <c>payments</c>.</summary>
    public const string DefaultSchema = "payments";

    /// <summary>
    /// Gets or sets the Npgsql connection string (for example <c>Host=db;Database=billing;Username=app;Password=...</c>). Required.
    /// Unless it sets <c>Max Auto Prepare</c>, the store uses 20 (statements prepared on first reuse).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the schema that holds the store's tables; created and migrated on first use. A plain identifier
    /// (letters, digits, underscores; at most 63 characters). Default <see cref="DefaultSchema"/>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Returns the problems with these options, each naming the option at fault; empty when valid.</summary>
    /// <returns>The problems.</returns>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("PostgreSqlPaymentStoreOptions.ConnectionString: is required (for example \"Host=localhost;Database=postgres;Username=app;Password=...\").");
        }

        if (SchemaError(Schema) is { } schemaError)
        {
            errors.Add("PostgreSqlPaymentStoreOptions.Schema: " + schemaError);
        }

        return errors;
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each option at fault.</exception>
    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    internal static string? SchemaError(string? schema) =>
        string.IsNullOrEmpty(schema) ? "is required."
        : !IdentifierPattern().IsMatch(schema) ? $"'{schema}' is not a plain identifier: use letters, digits and underscores, starting with a letter or underscore, at most 63 characters."
        : null;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
