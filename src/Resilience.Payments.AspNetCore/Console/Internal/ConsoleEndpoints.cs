using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The console's request handlers. Reading is GET; every action is a POST of the confirmation form, checked against
/// cross-site request forgery before anything else, then run through the operations API and redirected (303) to the
/// payment's page.
/// </summary>
internal sealed class ConsoleEndpoints(string pattern, PaymentsConsoleOptions options)
{
    private const string Html = "text/html; charset=utf-8";

    public async Task OverviewAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        var overview = await data.OverviewAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, ConsoleOverviewView.Page(request, overview)).ConfigureAwait(false);
    }

    public async Task LiveAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        var overview = await data.OverviewAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, ConsoleOverviewView.Fragment(request, overview)).ConfigureAwait(false);
    }

    public async Task SearchAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        var query = context.Request.Query["q"].ToString().Trim();
        if (query.Length is 0 or > 200)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest,
                ConsoleSearchView.Page(request, query.Length == 0 ? string.Empty : query[..200], [], "q must be 1 to 200 characters: a payment key, an account reference or a masked phone number.")).ConfigureAwait(false);
            return;
        }

        try
        {
            var found = await data.SearchAsync(query, options.SearchLimit, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, StatusCodes.Status200OK, ConsoleSearchView.Page(request, query, found)).ConfigureAwait(false);
        }
        catch (PaymentValidationException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, ConsoleSearchView.Page(request, query, [], e.Message)).ConfigureAwait(false);
        }
    }

    public async Task PaymentAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        var key = context.Request.Query["key"].ToString();
        var details = key.Length == 0 ? null : await data.DetailsAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (details is null)
        {
            await NotFoundAsync(context, request).ConfigureAwait(false);
            return;
        }

        ConsoleAction? done = ConsoleActions.TryParse(context.Request.Query["done"], out var action) ? action : null;
        await WriteAsync(context, StatusCodes.Status200OK, ConsolePaymentView.Page(request, details, done)).ConfigureAwait(false);
    }

    public async Task ConfirmAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        var key = context.Request.Query["key"].ToString();
        var details = key.Length == 0 ? null : await data.DetailsAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (details is null || !ConsoleActions.TryParse(context.Request.Query["action"], out var action))
        {
            await NotFoundAsync(context, request).ConfigureAwait(false);
            return;
        }

        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        await WriteAsync(context, StatusCodes.Status200OK, ConsoleConfirmView.Page(request, details.Payment, action, tokens.FormFieldName, tokens.RequestToken!)).ConfigureAwait(false);
    }

    public async Task ActionAsync(HttpContext context)
    {
        var (request, data) = Begin(context);
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, ConsoleLayout.Page(request, "Refused", html => html
                .Raw("<p class=\"note bad\" id=\"error\" role=\"alert\">The form expired or did not come from this console: nothing changed. ")
                .Raw("Go back, reload the page and confirm again.</p>"))).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var key = form["key"].ToString();
        var details = key.Length == 0 ? null : await data.DetailsAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (details is null || !ConsoleActions.TryParse(form["action"], out var action) || form["confirmed"] != "yes")
        {
            await NotFoundAsync(context, request).ConfigureAwait(false);
            return;
        }

        try
        {
            var runner = new ConsoleActionRunner(context.RequestServices.GetRequiredService<PaymentOperations>());
            await runner.RunAsync(action, details.Payment, form, request.Actor, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ConsoleActionException e)
        {
            var now = await data.DetailsAsync(key, context.RequestAborted).ConfigureAwait(false) ?? details;
            await WriteAsync(context, StatusCodes.Status409Conflict, ConsolePaymentView.Page(request, now, error: "Nothing changed: " + e.Message)).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = request.Link("/payment", "key", key) + "&done=" + action.Name();
    }

    private (ConsoleRequest Request, ConsoleData Data) Begin(HttpContext context)
    {
        var nonce = ConsoleSecurityHeaders.Apply(context);
        var services = context.RequestServices;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var data = new ConsoleData(services.GetRequiredService<PaymentOperations>(), time);
        var basePath = context.Request.PathBase.Add(new PathString("/" + pattern.Trim('/'))).Value!.TrimEnd('/');
        return (new ConsoleRequest(context, basePath, nonce, data.Now, options), data);
    }

    private static Task NotFoundAsync(HttpContext context, ConsoleRequest request) =>
        WriteAsync(context, StatusCodes.Status404NotFound, ConsoleLayout.Page(request, "Not found", html => html
            .Raw("<p class=\"note bad\" id=\"error\" role=\"alert\">No such payment or action.</p>")));

    private static Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = Html;
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
