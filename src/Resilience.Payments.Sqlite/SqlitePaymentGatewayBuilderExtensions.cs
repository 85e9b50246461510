using System;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments;

/// <summary>Chooses the SQLite store for the payment gateway.</summary>
public static class SqlitePaymentGatewayBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqlitePaymentStore"/> on the given database file instead of the in-memory store. The store is opened
    /// (and its schema created or migrated) when the gateway is first resolved, and disposed with the container.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string, for example <c>Data Source=payments.db</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is missing or invalid.</exception>
    public static IPaymentGatewayBuilder UseSqlite(this IPaymentGatewayBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return builder.UseSqlite(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Uses a <see cref="SqlitePaymentStore"/> configured by <paramref name="configure"/> instead of the in-memory store. The
    /// options are validated here; the store is opened when the gateway is first resolved and disposed with the container.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; <see cref="SqlitePaymentStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static IPaymentGatewayBuilder UseSqlite(this IPaymentGatewayBuilder builder, Action<SqlitePaymentStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqlitePaymentStoreOptions();
        configure(options);
        options.Validate();
        return builder.UseStore(_ => new SqlitePaymentStore(options));
    }
}
