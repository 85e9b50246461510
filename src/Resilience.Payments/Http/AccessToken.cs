using System;

namespace Resilience.Payments.Http;

/// <summary>An OAuth access token and when it stops being valid. <see cref="ToString"/> never shows the token.</summary>
/// <param name="Value">The token. Never log it.</param>
/// <param name="ExpiresAt">When the provider stops accepting it.</param>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => $"access token (expires {ExpiresAt:O})";
}
