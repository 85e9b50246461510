using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;
using Resilience.Payments.Tool.Output;

namespace Resilience.Payments.Tool.Cli;

/// <summary>
/// Runs a command's body over the store the global options name, through <see cref="PaymentOperations"/> (the same implementation as
/// the web console), and turns every refusal into a one-line message naming the field and an exit code.
/// </summary>
internal static class CommandRunner
{
    private static readonly System.Text.Json.JsonSerializerOptions ErrorJsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Func<ParseResult, CancellationToken, Task<int>> Run(
        GlobalOptions options,
        ToolEnvironment environment,
        Func<CommandContext, PaymentOperations, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse, options, environment);
            var connectionString = parse.GetValue(options.Postgres) ?? environment.Variable(ToolEnvironment.PostgresVariable);
            try
            {
                var store = StoreOpener.Open(parse.GetValue(options.Sqlite), parse.GetValue(options.Postgres), parse.GetValue(options.Schema), environment);
                try
                {
                    using var operations = new PaymentOperations(store, timeProvider: environment.Time);
                    return await body(context, operations, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (store is IAsyncDisposable disposable)
                    {
                        await disposable.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (PaymentValidationException ex)
            {
                var error = ex.Errors.Count > 0 ? ex.Errors[0] : null;
                return Fail(context, error is null ? ex.Message : $"{error.Field}: {error.Message}", error?.Field, ExitCodes.Refused);
            }
            catch (RefundRefusedException ex)
            {
                return Fail(context, $"{ex.Field}: {ex.Message}", ex.Field, ExitCodes.Refused);
            }
            catch (IdempotencyConflictException ex)
            {
                return Fail(context, "refund-key: " + ex.Message, "refund-key", ExitCodes.Refused);
            }
            catch (ToolException ex)
            {
                return Fail(context, ex.Message, null, ex.ExitCode);
            }
            catch (InvalidOperationException ex)
            {
                return Fail(context, ex.Message, null, ExitCodes.Refused);
            }
            catch (Exception ex) when (ex is NpgsqlException or SqliteException or FormatException or TimeoutException)
            {
                var message = StoreOpener.Redact(ex.Message, connectionString);
                return Fail(context, $"the store could not be read: {ex.GetType().Name}: {ProviderText.Scrub(message)}", "store", ExitCodes.Refused);
            }
        };

    private static int Fail(CommandContext context, string message, string? field, int exitCode)
    {
        message = ProviderText.Scrub(message);
        if (context.Json)
        {
            context.Environment.Error.WriteLine(System.Text.Json.JsonSerializer.Serialize(new ErrorJson(message, field, exitCode), ErrorJsonOptions));
        }
        else
        {
            context.Environment.Error.WriteLine("error: " + message);
        }

        return exitCode;
    }
}
