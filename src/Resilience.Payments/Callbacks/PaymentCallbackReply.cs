using System;

namespace Resilience.Payments.Callbacks;

/// <summary>The HTTP answer a provider expects to a callback (for example Daraja's <c>{"ResultCode":0}</c> or Pesapal's IPN reply).</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Body">The body, or <see langword="null"/> for none.</param>
/// <param name="ContentType">The body's content type. Default <c>application/json</c>.</param>
public sealed record PaymentCallbackReply(int StatusCode, string? Body = null, string ContentType = "application/json")
{
    /// <summary>Gets a plain <c>200 OK</c> without a body.</summary>
    public static PaymentCallbackReply Ok { get; } = new(200);

    /// <summary>Gets a <c>400 Bad Request</c> without a body.</summary>
    public static PaymentCallbackReply BadRequest { get; } = new(400);

    /// <summary>Gets a <c>401 Unauthorized</c> without a body.</summary>
    public static PaymentCallbackReply Unauthorized { get; } = new(401);

    /// <summary>Creates a JSON reply.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="json">The JSON text.</param>
    /// <returns>The reply.</returns>
    public static PaymentCallbackReply Json(int statusCode, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new PaymentCallbackReply(statusCode, json);
    }
}
