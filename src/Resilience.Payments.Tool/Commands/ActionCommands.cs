using System;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Tool.Cli;
using Resilience.Payments.Tool.Output;
using Spectre.Console;

namespace Resilience.Payments.Tool.Commands;

/// <summary>
/// The actions: <c>requeue</c>, <c>cancel</c>, <c>reconcile</c>, <c>review</c>, <c>refund</c>. Each finds the payment first (exit 2 when
/// no payment has the key), asks for confirmation unless <c>--yes</c>, and is written to the payment's audit trail with the actor.
/// </summary>
internal static class ActionCommands
{
    public static Command Requeue(GlobalOptions options, ToolEnvironment environment) =>
        Simple("requeue", "Puts a failed payment (a dead letter) back in the queue, due now.", "Requeue", options, environment, null,
            (operations, key, _, actor, ct) => operations.RequeueAsync(key, actor, ct));

    public static Command Cancel(GlobalOptions options, ToolEnvironment environment) =>
        Simple("cancel", "Cancels a queued payment: it is never tried again.", "Cancel", options, environment, new Option<string>("--reason") { Description = "Why (kept with the payment).", Required = true },
            (operations, key, reason, actor, ct) => operations.CancelAsync(key, reason!, actor, ct));

    public static Command Reconcile(GlobalOptions options, ToolEnvironment environment) =>
        Simple("reconcile", "Makes the payment due now: the reconciler asks the provider at its next cycle.", "Reconcile", options, environment, null,
            (operations, key, _, actor, ct) => operations.ReconcileNowAsync(key, actor, ct));

    public static Command Review(GlobalOptions options, ToolEnvironment environment) =>
        Simple("review", "Marks the payment reviewed: what needed attention until now leaves the attention list.", "Mark reviewed", options, environment, new Option<string>("--note") { Description = "What was found or done.", Required = true },
            (operations, key, note, actor, ct) => operations.MarkReviewedAsync(key, note!, actor, ct));

    public static Command Refund(GlobalOptions options, ToolEnvironment environment)
    {
        var key = KeyArgument();
        var amount = new Option<string?>("--amount") { Description = "How much, in the payment's currency (for example 150.50); all that is left when omitted." };
        var reason = new Option<string>("--reason") { Description = "Why the money goes back.", Required = true };
        var refundKey = new Option<string?>("--refund-key") { Description = "The refund's key, to retry safely (default: a new one)." };
        var command = new Command("refund", "Queues a refund of a succeeded payment; the reconciler sends it once.") { key, amount, reason, refundKey };
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var paymentKey = context.Parse.GetValue(key)!;
            var details = await operations.GetDetailsAsync(paymentKey, cancellationToken).ConfigureAwait(false) ?? throw ViewCommands.NotFound(paymentKey);
            Money? money = context.Parse.GetValue(amount) is { } text ? new Money(ParseAmount(text), details.Payment.Amount.Currency) : null;
            context.Confirm($"Refund {(money?.ToString() ?? "all that is left of " + details.Payment.RefundableAmount)} of payment {paymentKey}?");
            var refund = await operations.RefundAsync(paymentKey, money, context.Parse.GetValue(reason)!, context.Actor, context.Parse.GetValue(refundKey), cancellationToken).ConfigureAwait(false)
                ?? throw ViewCommands.NotFound(paymentKey);
            Report(context, "Refund", refund.Payment, refund.Payment.Refunds is { Count: > 0 } all ? all[^1] : null);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Simple(
        string name,
        string description,
        string verb,
        GlobalOptions options,
        ToolEnvironment environment,
        Option<string>? text,
        Func<PaymentOperations, string, string?, string, CancellationToken, Task<PaymentResult?>> act)
    {
        var key = KeyArgument();
        var command = new Command(name, description) { key };
        if (text is not null)
        {
            command.Options.Add(text);
        }

        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var paymentKey = context.Parse.GetValue(key)!;
            var details = await operations.GetDetailsAsync(paymentKey, cancellationToken).ConfigureAwait(false) ?? throw ViewCommands.NotFound(paymentKey);
            context.Confirm($"{verb} payment {paymentKey} ({details.Payment.Status}, {details.Payment.Amount})?");
            var result = await act(operations, paymentKey, text is null ? null : context.Parse.GetValue(text), context.Actor, cancellationToken).ConfigureAwait(false)
                ?? throw ViewCommands.NotFound(paymentKey);
            Report(context, verb, result, null);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Argument<string> KeyArgument() => new("key") { Description = "The payment's idempotency key." };

    private static void Report(CommandContext context, string verb, PaymentResult payment, PaymentRefund? refund)
    {
        if (context.Json)
        {
            context.WriteJson(new ActionJson(verb, payment.IdempotencyKey, ProviderText.Scrub(context.Actor), JsonMapper.Payment(payment), refund is null ? null : JsonMapper.Refund(refund)));
            return;
        }

        context.Console.MarkupLine(Markup.Escape($"{verb}: payment {payment.IdempotencyKey} is now {payment.Status}{(refund is null ? string.Empty : $"; refund {refund.Key} of {refund.Amount} is {refund.Status}")}. Recorded as {ProviderText.Scrub(context.Actor)}."));
    }

    private static decimal ParseAmount(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0m
            ? value
            : throw new ToolException("--amount: a positive amount in major units with a point, for example 150.50.");
}
