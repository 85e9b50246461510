using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Reads what the console shows through the operations API; the console holds no state of its own.</summary>
internal sealed class ConsoleData(IPaymentGateway gateway, IPaymentOperations operations, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<ConsoleOverview> OverviewAsync(int limit, CancellationToken cancellationToken)
    {
        var queued = await operations.ListAsync(PaymentListKind.Queued, 1000, null, cancellationToken).ConfigureAwait(false);
        var dead = await operations.ListAsync(PaymentListKind.DeadLettered, limit, null, cancellationToken).ConfigureAwait(false);
        var unresolved = await operations.ListAsync(PaymentListKind.Unresolved, limit, null, cancellationToken).ConfigureAwait(false);
        return new ConsoleOverview
        {
            Providers = gateway.GetProviderHealth(),
            QueueDepth = queued.Count,
            QueueOldest = queued.Count == 0 ? null : queued.Min(p => p.CreatedAt),
            NextDue = queued.OrderBy(p => p.NextAttemptAt).Take(limit).ToList(),
            NeedsAttention = unresolved.Select(p => new ConsoleAttention(p, "Unresolved outcome", p.UpdatedAt, p.FailureReason)).ToList(),
            DeadLettered = dead,
        };
    }

    public static Task<IReadOnlyList<ConsoleNote>> NotesAsync(string key, CancellationToken cancellationToken)
    {
        _ = key;
        _ = cancellationToken;
        return Task.FromResult<IReadOnlyList<ConsoleNote>>([]);
    }

    public Task<PaymentResult?> GetAsync(string key, CancellationToken cancellationToken) => gateway.GetAsync(key, cancellationToken);

    public async Task<IReadOnlyList<PaymentResult>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        _ = limit;
        var found = await gateway.GetAsync(query, cancellationToken).ConfigureAwait(false);
        return found is null ? [] : [found];
    }
}
