using System;
using Resilience.Payments.PostgreSql;

namespace Resilience.Payments;

/// <summary>Chooses the PostgreSQL payment store for the gateway registered with dependency injection.</summary>
public static class PostgreSqlPaymentGatewayBuilderExtensions
{
    /// <summary>Uses the PostgreSQL store (schema <c>payments</c>), shared by every instance that uses this database.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is missing.</exception>
    public static IPaymentGatewayBuilder UsePostgreSql(this IPaymentGatewayBuilder builder, string connectionString) =>
        builder.UsePostgreSql(options => options.ConnectionString = connectionString);

    /// <summary>Uses the PostgreSQL store, shared by every instance that uses this database and schema.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; validated here.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names the option.</exception>
    public static IPaymentGatewayBuilder UsePostgreSql(this IPaymentGatewayBuilder builder, Action<PostgreSqlPaymentStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgreSqlPaymentStoreOptions();
        configure(options);
        options.ThrowIfInvalid();
        return builder.UseStore(_ => new PostgreSqlPaymentStore(options));
    }
}
