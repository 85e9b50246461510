namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>Pesapal API 3.0's wire format as the simulator speaks it: error objects, request checks, answers, IPNs.</summary>
internal static class PesapalApi
{
    public const string TokenPath = "/api/Auth/RequestToken";

    /// <summary>The answers to the request faults: 429 with an error object, 503 as an HTML page, a bare 503 on disposal.</summary>
    public static readonly SimulatorAnswers Answers = new(
        () => Error(429, "too_many_requests", "Too many requests", "429"),
        () => SimulatorJson.RespondText(503, "<html><body>Service Unavailable</body></html>"),
        () => new ResponseMessage { StatusCode = 503 });

    /// <summary>Pesapal's error object.</summary>
    public static ResponseMessage Error(int httpStatus, string code, string message, string status = "500") => SimulatorJson.Respond(httpStatus, new JsonObject
    {
        ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = code, ["message"] = message },
        ["status"] = status,
    });

    /// <summary>What RequestToken answers to wrong credentials: HTTP 200 with an error object.</summary>
    public static ResponseMessage TokenRefused() => SimulatorJson.Respond(200, new JsonObject
    {
        ["token"] = null,
        ["expiryDate"] = "0001-01-01T00:00:00",
        ["error"] = new JsonObject { ["error_type"] = "api_error", ["code"] = "invalid_consumer_key_or_secret_provided", ["message"] = string.Empty },
        ["status"] = "500",
        ["message"] = "error",
    });

    /// <summary>What RequestToken answers with a token.</summary>
    public static ResponseMessage TokenIssued(string token, DateTimeOffset expires) => SimulatorJson.Respond(200, new JsonObject
    {
        ["token"] = token,
        ["expiryDate"] = expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
        ["error"] = null,
        ["status"] = "200",
        ["message"] = "Request processed successfully",
    });

    /// <summary>The checks of RegisterIPN: an absolute http(s) URL and GET or POST.</summary>
    public static ResponseMessage? CheckIpn(JsonNode? body, out Uri url, out string method)
    {
        method = SimulatorJson.Text(body, "ipn_notification_type")?.ToUpperInvariant() ?? string.Empty;
        if (!Uri.TryCreate(SimulatorJson.Text(body, "url"), UriKind.Absolute, out url!) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || method is not ("GET" or "POST"))
        {
            return Error(400, "invalid_ipn_request", "url must be an absolute http(s) URL and ipn_notification_type GET or POST");
        }

        return null;
    }

    /// <summary>What RegisterIPN answers: the IPN as registered.</summary>
    public static ResponseMessage IpnRegistered(PesapalIpn ipn) => SimulatorJson.Respond(200, ipn.ToJson());

    /// <summary>What GetIpnList answers: a JSON array of every IPN registered, oldest first (empty when none).</summary>
    public static ResponseMessage IpnList(IEnumerable<PesapalIpn> ipns) => SimulatorJson.Respond(200, new JsonArray([.. ipns.Select(i => (JsonNode)i.ToJson())]));

    /// <summary>
    /// The API path without the base URL's path (<c>/pesapalv3</c> of the sandbox, <c>/v3</c> of production), so that a client
    /// whose base URL keeps it reaches the same routes; routes are compared ignoring case, as Pesapal's ASP.NET routes are.
    /// </summary>
    public static string Route(string? absolutePath)
    {
        var path = (absolutePath ?? string.Empty).TrimEnd('/');
        foreach (var prefix in (string[])["/pesapalv3", "/v3"])
        {
            if (path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
            {
                return path[prefix.Length..];
            }
        }

        return path;
    }

    /// <summary>The checks of SubmitOrderRequest that need no books: merchant reference, amount, currency, callback URL, billing address.</summary>
    public static ResponseMessage? CheckOrder(JsonNode? body, out decimal amount, out string currency)
    {
        currency = string.Empty;
        amount = 0;
        var id = SimulatorJson.Text(body, "id");
        var billing = body is JsonObject o ? o["billing_address"] : null;
        // Pesapal documents "unique, maximum 50 characters" and no character set (the adapter keeps its own, stricter one).
        if (string.IsNullOrWhiteSpace(id) || id.Length > 50)
        {
            return Error(400, "invalid_merchant_reference", "id is required: the merchant reference, up to 50 characters");
        }

        if (!decimal.TryParse(SimulatorJson.Text(body, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out amount) || amount <= 0)
        {
            return Error(400, "invalid_amount", "amount must be a positive number");
        }

        if (SimulatorJson.Text(body, "currency") is not { Length: 3 } text || !Uri.TryCreate(SimulatorJson.Text(body, "callback_url"), UriKind.Absolute, out _))
        {
            return Error(400, "invalid_request", "currency and callback_url are required");
        }

        currency = text.ToUpperInvariant();
        return string.IsNullOrWhiteSpace(SimulatorJson.Text(billing, "phone_number")) && string.IsNullOrWhiteSpace(SimulatorJson.Text(billing, "email_address"))
            ? Error(400, "invalid_billing_address", "billing_address needs phone_number or email_address")
            : null;
    }

    /// <summary>What SubmitOrderRequest answers: the tracking id and the checkout page.</summary>
    public static ResponseMessage OrderAccepted(PesapalOrder order, Uri baseAddress) => SimulatorJson.Respond(200, new JsonObject
    {
        ["order_tracking_id"] = order.TrackingId,
        ["merchant_reference"] = order.MerchantReference,
        ["redirect_url"] = PesapalCheckoutPage.For(baseAddress, order.TrackingId).AbsoluteUri,
        ["error"] = null,
        ["status"] = "200",
    });

    /// <summary>What GetTransactionStatus answers for an order.</summary>
    public static ResponseMessage Status(PesapalOrder order)
    {
        var unpaid = order.StatusCode == 0;
        return SimulatorJson.Respond(200, new JsonObject
        {
            ["payment_method"] = unpaid ? string.Empty : order.PaymentMethod ?? "MpesaKE",
            ["amount"] = order.PaidAmount ?? order.Amount,
            ["created_date"] = order.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["confirmation_code"] = order.ConfirmationCode ?? string.Empty,
            ["payment_status_description"] = order.StatusCode switch { 1 => "Completed", 2 => "Failed", 3 => "Reversed", _ => "INVALID" },
            ["description"] = order.Description,
            ["message"] = "Request processed successfully",
            ["payment_account"] = order.PayerAccount ?? (order.Phone is { Length: >= 4 } p ? p[..4] + "****" + p[^2..] : string.Empty),
            ["call_back_url"] = string.Empty,
            ["status_code"] = order.StatusCode,
            ["merchant_reference"] = order.MerchantReference,
            ["payment_status_code"] = string.Empty,
            ["currency"] = order.PaidCurrency ?? order.Currency,
            // What Pesapal really sends for an unpaid order: an error object that is not an error.
            ["error"] = unpaid
                ? new JsonObject { ["error_type"] = "api_error", ["code"] = "payment_details_not_found", ["message"] = "Pending Payment", ["call_back_url"] = string.Empty }
                : new JsonObject { ["error_type"] = null, ["code"] = null, ["message"] = null, ["call_back_url"] = null },
            ["status"] = unpaid ? "500" : "200",
        });
    }

    /// <summary>Whether a <c>payment_method</c> is mobile money (refunded in full only): Pesapal's M-Pesa and Airtel names.</summary>
    public static bool IsMobileMoney(string? paymentMethod) =>
        paymentMethod is null || paymentMethod.Contains("mpesa", StringComparison.OrdinalIgnoreCase) || paymentMethod.Contains("airtel", StringComparison.OrdinalIgnoreCase);

    /// <summary>The IPN of an order's status change: a GET with query parameters, or a POST with a JSON body.</summary>
    public static SimulatedCallback Ipn(string provider, PesapalOrder order, Uri? url, string method)
    {
        if (method == "GET" && url is not null)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"OrderNotificationType=IPNCHANGE&OrderTrackingId={Uri.EscapeDataString(order.TrackingId)}&OrderMerchantReference={Uri.EscapeDataString(order.MerchantReference)}");
            var withQuery = new UriBuilder(url) { Query = string.IsNullOrEmpty(url.Query) ? query : url.Query.TrimStart('?') + "&" + query }.Uri;
            return new SimulatedCallback(provider, order.MerchantReference, order.TrackingId, "GET", withQuery, query, 0, default) { Event = "IPNCHANGE" };
        }

        var body = new JsonObject
        {
            ["OrderNotificationType"] = "IPNCHANGE",
            ["OrderTrackingId"] = order.TrackingId,
            ["OrderMerchantReference"] = order.MerchantReference,
        }.ToJsonString();
        return new SimulatedCallback(provider, order.MerchantReference, order.TrackingId, "POST", url, body, 0, default) { Event = "IPNCHANGE" };
    }
}
