using System.Net;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// The merchant's side of a checkout, on 127.0.0.1: the pages the payer's browser is sent back to (<c>/return</c>,
/// <c>/cancelled</c>: a page saying so), the webhook and IPN receivers (<c>/webhook</c>, <c>/ipn</c>: 200), and a shop page that
/// shows a checkout in an iframe. Every request is kept in <see cref="Server"/>'s log.
/// </summary>
internal sealed class MerchantSite : IDisposable
{
    public MerchantSite()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/return", "/cancelled").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html; charset=utf-8")
                .WithBody("<!DOCTYPE html><html lang=\"en\"><head><link rel=\"icon\" href=\"data:,\"><title>Merchant</title></head><body><h1 id=\"merchant\">Back at the merchant</h1></body></html>"));
        Server.Given(Request.Create().WithPath("/webhook", "/ipn").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public WireMockServer Server { get; }

    /// <summary>Gets the site's address, without a trailing slash.</summary>
    public string Url => Server.Url!;

    /// <summary>The bodies of the requests received on <paramref name="path"/> by <paramref name="method"/>, oldest first.</summary>
    public IReadOnlyList<(string Body, IDictionary<string, WireMock.Types.WireMockList<string>> Headers)> Received(string method, string path) =>
        Server.LogEntries
            .Where(e => e.RequestMessage!.Method == method && e.RequestMessage.Path == path)
            .Select(e => (e.RequestMessage!.Body ?? string.Empty, e.RequestMessage.Headers!))
            .ToList();

    /// <summary>Serves <c>/shop</c>: the merchant's page showing <paramref name="checkout"/> in an iframe.</summary>
    public Uri Shop(Uri checkout)
    {
        Server.Given(Request.Create().WithPath("/shop").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html; charset=utf-8")
                .WithBody($"<!DOCTYPE html><html lang=\"en\"><head><link rel=\"icon\" href=\"data:,\"><title>Shop</title></head><body><h1>Shop</h1><iframe id=\"checkout\" width=\"600\" height=\"500\" src=\"{WebUtility.HtmlEncode(checkout.AbsoluteUri)}\"></iframe></body></html>"));
        return new Uri(Url + "/shop");
    }

    public void Dispose() => Server.Stop();
}
