using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Search results: payments by key, account reference or masked phone.</summary>
internal static class ConsoleSearchView
{
    public static string Page(ConsoleRequest request, string query, IReadOnlyList<PaymentResult> found, string? error = null)
    {
        return ConsoleLayout.Page(request, "Search", html =>
        {
            html.Raw("<h2>Search: ").Text(query).Raw("</h2>");
            if (error is not null)
            {
                html.Raw("<p class=\"note bad\" id=\"error\" role=\"alert\">").Text(error).Raw("</p>");
                return;
            }

            ConsoleTables.Payments(html, request, "results", found, "No payment matches.");
        }, query: query);
    }
}
