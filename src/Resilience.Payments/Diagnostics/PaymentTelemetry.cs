namespace Resilience.Payments;

/// <summary>
/// The names under which the library publishes its metrics and traces, for registering them with a telemetry SDK, for
/// example OpenTelemetry's <c>AddMeter(PaymentTelemetry.MeterName)</c> and <c>AddSource(PaymentTelemetry.ActivitySourceName)</c>.
/// </summary>
public static class PaymentTelemetry
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that holds every <c>resilience.payments.*</c>
    /// instrument: <c>"Resilience.Payments"</c>.
    /// </summary>
    public const string MeterName = "Resilience.Payments";

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> that starts the <c>payments.pay</c> and
    /// <c>payments.attempt</c> activities: <c>"Resilience.Payments"</c>.
    /// </summary>
    public const string ActivitySourceName = "Resilience.Payments";
}
