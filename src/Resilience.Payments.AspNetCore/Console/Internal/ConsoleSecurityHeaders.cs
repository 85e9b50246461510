using System;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The headers every console response carries: a Content-Security-Policy that runs only the console's own script and style
/// (by a per-response nonce, no <c>'unsafe-inline'</c>), forbids framing and foreign form targets; no caching; no referrer
/// to other sites; no MIME sniffing.
/// </summary>
internal static class ConsoleSecurityHeaders
{
    /// <summary>Sets the headers on <paramref name="context"/>'s response and returns the nonce of its script and style.</summary>
    public static string Apply(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "same-origin";
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return nonce;
    }
}
