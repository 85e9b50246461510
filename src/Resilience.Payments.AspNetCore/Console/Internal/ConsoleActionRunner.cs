using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Runs a confirmed action through the operations API, with the signed-in user as the actor.</summary>
internal sealed class ConsoleActionRunner(IPaymentGateway gateway, IPaymentOperations operations)
{
    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>Runs <paramref name="action"/>; throws <see cref="ConsoleActionException"/> with a message for the operator when refused.</summary>
    public async Task RunAsync(ConsoleAction action, string key, IFormCollection form, string actor, CancellationToken cancellationToken)
    {
        var reason = Reason(form);
        try
        {
            PaymentResult? after = action switch
            {
                ConsoleAction.Requeue => await operations.RequeueAsync(key, cancellationToken).ConfigureAwait(false),
                ConsoleAction.Cancel => await operations.CancelAsync(key, Required(reason, "reason"), cancellationToken).ConfigureAwait(false),
                ConsoleAction.Refund => await RefundAsync(key, form, Required(reason, "reason"), cancellationToken).ConfigureAwait(false),
                _ => throw new ConsoleActionException($"{action.Label()} is not available yet."),
            };
            if (after is null)
            {
                throw new ConsoleActionException("No payment has this key.");
            }
        }
        catch (InvalidOperationException e)
        {
            throw new ConsoleActionException(e.Message);
        }
        catch (PaymentValidationException e)
        {
            throw new ConsoleActionException(e.Message);
        }

        _ = actor;
    }

    private async Task<PaymentResult?> RefundAsync(string key, IFormCollection form, string reason, CancellationToken cancellationToken)
    {
        var payment = await gateway.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (payment is null)
        {
            return null;
        }

        if (!decimal.TryParse(form["amount"].ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new ConsoleActionException("amount must be a positive number, such as 150 or 150.50.");
        }

        var refundKey = Required(form["refundKey"].ToString(), "refundKey");
        var refund = await gateway.RefundAsync(new RefundRequest
        {
            RefundKey = refundKey,
            PaymentKey = key,
            Amount = new Money(amount, payment.Amount.Currency),
            Reason = reason,
        }, cancellationToken).ConfigureAwait(false);
        return refund.Payment;
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
