using System;
using Microsoft.AspNetCore.Http;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>One console request: where the console lives, the response's nonce, the clock's now and who is asking.</summary>
/// <param name="Context">The request.</param>
/// <param name="BasePath">The console's path, with the application's path base (no trailing slash).</param>
/// <param name="Nonce">The response's Content-Security-Policy nonce.</param>
/// <param name="Now">Now, on the gateway's clock.</param>
/// <param name="Options">The console's options.</param>
internal sealed record ConsoleRequest(HttpContext Context, string BasePath, string Nonce, DateTimeOffset Now, PaymentsConsoleOptions Options)
{
    /// <summary>The actor written to the audit trail: the user's name, <c>anonymous</c> without one (Development only).</summary>
    public string Actor => Context.User.Identity?.Name is { Length: > 0 } name ? name : "anonymous";

    /// <summary>A console path with an escaped query value: <c>Link("/payment", "key", key)</c>.</summary>
    public string Link(string path, string? name = null, string? value = null) =>
        name is null ? BasePath + path : $"{BasePath}{path}?{name}={Uri.EscapeDataString(value ?? string.Empty)}";
}
