using System.Threading.Tasks;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>One in-process run of a payment, shared by every caller with its key.</summary>
internal sealed class InFlightPayment(PaymentRequest request) : TaskCompletionSource<PaymentResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public PaymentRequest Request { get; } = request;
}
