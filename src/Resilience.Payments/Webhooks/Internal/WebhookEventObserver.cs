using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Webhooks.Internal;

/// <summary>
/// Sends the stored status events to one webhook URL, signed (<see cref="WebhookSignature"/>). Any answer other than 2xx, a
/// time-out or a network failure throws, so the dispatcher retries on the webhook's own schedule and dead-letters in the end.
/// </summary>
internal sealed class WebhookEventObserver(string name, PaymentWebhookOptions options, IHttpClientFactory clients, TimeProvider time) : IPaymentEventObserver, IScheduledObserver
{
    /// <summary>The name of the <see cref="HttpClient"/> a webhook sends with, for <c>AddHttpClient</c> configuration.</summary>
    public static string ClientName(string webhook) => "Resilience.Payments.Webhooks." + webhook;

    public string Name => "webhook:" + name;

    public PaymentEventDeliveryOptions Schedule(PaymentEventDeliveryOptions defaults) => new()
    {
        PollInterval = defaults.PollInterval,
        BatchSize = defaults.BatchSize,
        LeaseDuration = defaults.LeaseDuration > options.Timeout * 3 ? defaults.LeaseDuration : options.Timeout * 3,
        Retention = defaults.Retention,
        CleanupInterval = defaults.CleanupInterval,
        MaxAttempts = options.MaxAttempts,
        InitialRetryDelay = options.InitialRetryDelay,
        MaxRetryDelay = options.MaxRetryDelay,
    };

    public async ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is not (PaymentStatusChangedEvent or RefundStatusChangedEvent))
        {
            return; // in-process events are not stored, so never sent: a webhook is at least once or nothing
        }

        var body = WebhookBody.Write(paymentEvent);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(options.Secret!, time.GetUtcNow(), body));
        request.Headers.Add("Resilience-Event-Id", paymentEvent.EventId);
        request.Headers.Add("Resilience-Event-Type", paymentEvent is PaymentStatusChangedEvent ? Events.Internal.StoredEvents.PaymentStatusChanged : Events.Internal.StoredEvents.RefundStatusChanged);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Resilience.Payments", "1.0"));

        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName(name)).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"Webhook {name}: no answer within {options.Timeout}.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Webhook {name}: the receiver answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
        }
    }
}
