using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Runs a confirmed action through the operations API (the one implementation the CLI tool shares), with the signed-in user as the actor.</summary>
internal sealed class ConsoleActionRunner(PaymentOperations operations)
{
    /// <summary>The longest reason or note accepted.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>Runs <paramref name="action"/>; throws <see cref="ConsoleActionException"/> with a message for the operator when refused (nothing changed).</summary>
    public async Task RunAsync(ConsoleAction action, PaymentResult payment, IFormCollection form, string actor, CancellationToken cancellationToken)
    {
        var key = payment.IdempotencyKey;
        var reason = Reason(form);
        try
        {
            var found = action switch
            {
                ConsoleAction.Requeue => await operations.RequeueAsync(key, actor, cancellationToken).ConfigureAwait(false) is not null,
                ConsoleAction.Cancel => await operations.CancelAsync(key, Required(reason, "reason"), actor, cancellationToken).ConfigureAwait(false) is not null,
                ConsoleAction.Reconcile => await operations.ReconcileNowAsync(key, actor, cancellationToken).ConfigureAwait(false) is not null,
                ConsoleAction.Review => await operations.MarkReviewedAsync(key, Required(reason, "note"), actor, cancellationToken).ConfigureAwait(false) is not null,
                _ => await operations.RefundAsync(key, Amount(form, payment.Amount.Currency), Required(reason, "reason"), actor,
                    Required(form["refundKey"].ToString(), "refundKey"), cancellationToken).ConfigureAwait(false) is not null,
            };
            if (!found)
            {
                throw new ConsoleActionException("No payment has this key.");
            }
        }
        catch (InvalidOperationException e)
        {
            // RefundRefusedException and IdempotencyConflictException are InvalidOperationExceptions too.
            throw new ConsoleActionException(e.Message);
        }
        catch (PaymentValidationException e)
        {
            throw new ConsoleActionException(e.Message);
        }
    }

    private static Money Amount(IFormCollection form, string currency)
    {
        var text = form["amount"].ToString().Trim();
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 1_000_000_000m)
        {
            throw new ConsoleActionException("amount must be a positive number, such as 150 or 150.50.");
        }

        try
        {
            return new Money(amount, currency);
        }
        catch (ArgumentException e)
        {
            throw new ConsoleActionException("amount: " + e.Message);
        }
    }

    private static string? Reason(IFormCollection form)
    {
        var reason = form["reason"].ToString().Trim();
        if (reason.Length > MaxReasonLength)
        {
            throw new ConsoleActionException($"reason must be at most {MaxReasonLength} characters.");
        }

        return reason.Length == 0 ? null : reason;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConsoleActionException($"{field} is required.") : value;
}

/// <summary>An action was refused; nothing changed. The message is for the operator (scrubbed and encoded when shown).</summary>
internal sealed class ConsoleActionException(string message) : Exception(message);
