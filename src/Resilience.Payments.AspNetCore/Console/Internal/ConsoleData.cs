using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Reads what the console shows through the operations API; the console holds no state of its own.</summary>
internal sealed class ConsoleData(PaymentOperations operations, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public Task<OperationsOverview> OverviewAsync(CancellationToken cancellationToken) => operations.GetOverviewAsync(cancellationToken);

    public Task<PaymentDetails?> DetailsAsync(string key, CancellationToken cancellationToken) => operations.GetDetailsAsync(key, cancellationToken);

    public Task<IReadOnlyList<PaymentResult>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
        operations.SearchAsync(text, limit, cancellationToken);
}
