namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// Daraja answers as published by Safaricom or quoted from real integrations, each with its source. Phone numbers are Safaricom's
/// public sandbox test number; nothing here is a secret.
/// </summary>
internal static class DarajaRealAnswers
{
    /// <summary>STK push accepted. Source: https://developer.safaricom.co.ke/apis/MpesaExpressSimulate (response sample).</summary>
    public const string PushAccepted = """
        {"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResponseCode":"0",
         "ResponseDescription":"Success. Request accepted for processing","CustomerMessage":"Success. Request accepted for processing"}
        """;

    /// <summary>Source: https://github.com/osenco/osen-wc-mpesa/issues/65 (HTTP 400 to an STK push).</summary>
    public const string PushInvalidPhoneNumber = """{"requestId":"9458-79414631-1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid PhoneNumber"}""";

    /// <summary>Source: https://github.com/safaricom/LNMOnlineAndroidSample/issues/40 (HTTP 400 to an STK push).</summary>
    public const string PushInvalidCallbackUrl = """
        {
        "requestId":"19072-295731-1",
         "errorCode": "400.002.02",
         "errorMessage": "Bad Request - Invalid CallBackURL"
        }
        """;

    /// <summary>Source: https://github.com/martinmogusu/django-daraja/issues/11 (HTTP 404 to an STK push).</summary>
    public const string PushInvalidAccessToken = """{ "requestId":"5115-78674050-1", "errorCode": "404.001.03", "errorMessage": "Invalid Access Token" }""";

    /// <summary>
    /// The API proxy's (Apigee) spike arrest refusal, as public Daraja clients handle it (a fault body, not Daraja's errorCode). Shape:
    /// https://docs.apigee.com/api-platform/troubleshoot/policies/runtime/spike-arrest-runtime-errors; text as quoted by Daraja
    /// integrations found by code search ("Handle Spike Arrest / Rate Limit Faults (common in Sandbox)").
    /// </summary>
    public const string PushSpikeArrestFault = """
        {"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=5, periodInMicroseconds=5000000, maxBurstMessageCount=1.0}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}
        """;

    /// <summary>The Quota policy's refusal. Source: https://docs.apigee.com/api-services/content/comparing-quota-spike-arrest-and-concurrent-rate-limit-policies.</summary>
    public const string PushQuotaFault = """{"fault":{"faultstring":"Rate limit quota violation. Quota limit  exceeded. Identifier : _default","detail":{"errorcode":"policies.ratelimit.QuotaViolation"}}}""";

    /// <summary>
    /// The proxy's gateway timeout: the request was forwarded and no answer came back in time.
    /// Source: https://docs.apigee.com/api-platform/troubleshoot/runtime/504-gateway-timeout.
    /// </summary>
    public const string PushGatewayTimeoutFault = """{"fault":{"faultstring":"Gateway Timeout","detail":{"errorcode":"messaging.adaptors.http.flow.GatewayTimeout"}}}""";

    /// <summary>A SOAP-style fault converted to JSON by the proxy. Source: https://github.com/bnjunge/MPESA-API-Tutorial/issues/3.</summary>
    public const string SoapEnvelopeFault = """
        {"Envelope":{"encodingStyle":"http:\/\/schemas.xmlsoap.org\/soap\/encoding\/","Body":{"Fault":{"faultcode":"soap:Server","faultstring":"Execution of ServiceCallout SCO-AddURLVault failed. Reason: ResponseCode 409 is treated as error","faultactor":{},"detail":{"source":{"errorcode":"steps.servicecallout.ExecutionFailed"}}}}}}
        """;

    /// <summary>An HTML page instead of JSON (constructed: the shape of a web application firewall's block page).</summary>
    public const string HtmlRejectedPage = """
        <html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>
        """;

    /// <summary>STK query asked before the payer acted. Source: https://github.com/safaricom/LNMOnlineAndroidSample/issues/13.</summary>
    public const string QueryBeingProcessed = """
        {
          "requestId": "ws_CO_20022018230142206",
          "errorCode": "500.001.1001",
          "errorMessage": "The transaction is being processed"
        }
        """;

    /// <summary>STK query success, with the trailing comma of Safaricom's sample. Source: https://developer.safaricom.co.ke/apis/MpesaExpressQuery.</summary>
    public const string QuerySuccess = """
        {
         "ResponseCode": "0",
         "ResponseDescription":"The service request has been accepted successsfully",
         "MerchantRequestID":"22205-34066-1",
         "CheckoutRequestID": "ws_CO_13012021093521236557",
         "ResultCode": "0",
         "ResultDesc":"The service request is processed successfully.",
        }
        """;

    /// <summary>A success callback. Source: https://developer.safaricom.co.ke/apis/MpesaExpressSimulate (callback sample).</summary>
    public const string CallbackSuccess = """
        {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,
         "ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},
         {"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"TransactionDate","Value":20191219102115},
         {"Name":"PhoneNumber","Value":254708374149}]}}}}
        """;

    /// <summary>STK query answer with a result code, as Daraja writes it (a string), with the ResultDesc real integrations quote.</summary>
    /// <param name="code">The ResultCode, as JSON (<c>"1032"</c> or <c>1032</c>).</param>
    /// <param name="description">The ResultDesc.</param>
    /// <returns>The body.</returns>
    public static string Query(string code, string description) => $$"""
        {"ResponseCode":"0","ResponseDescription":"The service request has been accepted successsfully","MerchantRequestID":"22205-34066-1",
         "CheckoutRequestID":"ws_CO_13012021093521236557","ResultCode":{{code}},"ResultDesc":"{{description}}"}
        """;

    /// <summary>A callback without CallbackMetadata, as Daraja posts every failure.</summary>
    /// <param name="code">The ResultCode, as JSON.</param>
    /// <param name="description">The ResultDesc.</param>
    /// <returns>The body.</returns>
    public static string FailureCallback(string code, string description) =>
        "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"29115-34620561-1\",\"CheckoutRequestID\":\"ws_CO_191220191020363925\",\"ResultCode\":"
        + code + ",\"ResultDesc\":\"" + description + "\"}}}";

    /// <summary>A success callback whose metadata varies as integrations report it (Amount as 1, 1.0 or "1"; PhoneNumber as a number or a string; extra items).</summary>
    /// <param name="items">The Item array's contents.</param>
    /// <returns>The body.</returns>
    public static string SuccessCallback(string items) =>
        """{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":["""
        + items + "]}}}}";
}
