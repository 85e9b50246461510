using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>
/// The county's M-Pesa statement reconciliation. An STK push whose reply never came has no CheckoutRequestID, so neither the
/// STK query nor the callback (which does not echo the account reference) can be matched to it: the gateway rightly holds
/// such a payment as unknown and never fails it over. The county's finance office matches those against the pay bill's
/// statement, as counties do: a statement line with the same account reference (the number plate) and amount, not yet
/// claimed by any attempt, settles the attempt. Here the statement is the Daraja simulator's ledger (the ProviderSimulator
/// serves it as JSON). An STK prompt lives a bounded time (Daraja answers 1019/1037 when the payer never acts): an attempt
/// with no statement line once <paramref name="promptWindow"/> has passed since it started was never charged, and is
/// settled as not processed, which frees the payment for failover or the queue (safety rule 1).
/// </summary>
public sealed class StatementReconciler(ProviderFleet fleet, IPaymentStore store, IPaymentGateway gateway, TimeSpan promptWindow)
{
    public int Settled { get; private set; }

    public int NotCharged { get; private set; }

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, cancellationToken);
                await ReconcileOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var open = await store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Pending], Limit = 10_000 }, cancellationToken);
        var candidates = open
            .Select(r => (Record: r, Attempt: r.Attempts.Count > 0 ? r.Attempts[^1] : null))
            .Where(x => x.Attempt is { Provider: "mpesa", Outcome: OutcomeKind.Unknown, ProviderReference: null })
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var all = await ParkingRun.ListAllAsync(store, cancellationToken);
        var claimed = all.SelectMany(r => r.Attempts).Where(a => a.Provider == "mpesa")
            .SelectMany(a => new[] { a.ProviderReference, a.Receipt }).Where(x => x is not null).ToHashSet(StringComparer.Ordinal);
        var statement = fleet.Daraja.Charges.Where(c => !claimed.Contains(c.ProviderReference) && !claimed.Contains(c.Receipt)).ToList();
        foreach (var (record, attempt) in candidates)
        {
            var lines = statement.Where(c => c.AccountReference == record.Request.AccountReference && c.Amount == record.Request.Amount.Amount).ToList();
            if (lines.Count == 0 && TimeProvider.System.GetUtcNow() - attempt!.StartedAt > promptWindow)
            {
                var expired = await gateway.ApplyProviderUpdateAsync(
                    new ProviderUpdate
                    {
                        Provider = "mpesa",
                        AttemptReference = attempt.Reference,
                        Outcome = ProviderOutcome.NotProcessed("No charge on the M-Pesa statement once the STK prompt window had passed.", "statement"),
                        Source = OutcomeSource.StatusQuery,
                    },
                    cancellationToken);
                if (expired.Disposition == ProviderUpdateDisposition.Applied)
                {
                    NotCharged++;
                }

                continue;
            }

            if (lines.Count != 1)
            {
                continue; // none yet (the payer has not approved), or ambiguous: leave it to a person
            }

            var line = lines[0];
            var result = await gateway.ApplyProviderUpdateAsync(
                new ProviderUpdate
                {
                    Provider = "mpesa",
                    AttemptReference = attempt!.Reference,
                    Outcome = ProviderOutcome.Succeeded(line.Receipt, line.ProviderReference),
                    Source = OutcomeSource.StatusQuery,
                },
                cancellationToken);
            if (result.Disposition == ProviderUpdateDisposition.Applied)
            {
                Settled++;
                statement.Remove(line);
            }
        }
    }
}
