namespace Resilience.Payments.Pesapal.Tests;

/// <summary>
/// Pesapal API 3.0 answers and IPNs as Pesapal documents them, reproduced as test data (values unchanged unless noted), and the odd
/// shapes public integrations report. Sources beside each.
/// </summary>
internal static class PesapalRealAnswers
{
    /// <summary>The order tracking id of Pesapal's GetTransactionStatus sample.</summary>
    public const string DocumentedTrackingId = "7e6b62d9-883e-440f-a63e-e1105bbfadc3";

    /// <summary>The merchant reference of Pesapal's GetTransactionStatus sample.</summary>
    public const string DocumentedReference = "1515111111";

    /// <summary>The order tracking id and merchant reference of Pesapal's IPN and SubmitOrderRequest samples.</summary>
    public const string IpnTrackingId = "b945e4af-80a5-4ec1-8706-e03f8332fb04";

    public const string IpnReference = "TEST1515111119";

    /// <summary>
    /// https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/gettransactionstatus (sample response): a card payment
    /// FAILED, <c>payment_status_description</c> "Failed" (not the upper case of the field's description), an error object whose
    /// fields are all null, <c>created_date</c> without an offset, a masked card in <c>payment_account</c>.
    /// </summary>
    public const string StatusFailed = """
        {"payment_method":"Visa","amount":100,"created_date":"2022-04-30T07:41:09.763","confirmation_code":"6513008693186320103009",
         "payment_status_description":"Failed","description":"Unable to Authorize Transaction.Kindly contact your bank for assistance",
         "message":"Request processed successfully","payment_account":"476173**0010",
         "call_back_url":"https://test.com/?OrderTrackingId=7e6b62d9-883e-440f-a63e-e1105bbfadc3&OrderMerchantReference=1515111111",
         "status_code":2,"merchant_reference":"1515111111","payment_status_code":"","currency":"KES",
         "error":{"error_type":null,"code":null,"message":null,"call_back_url":null},"status":"200"}
        """;

    /// <summary>
    /// The answer for an order not paid yet, as public integrations report it (status_code 0, <c>error.code</c>
    /// payment_details_not_found, "Pending Payment", <c>status</c> "500" inside an HTTP 200), on the documented sample's order.
    /// </summary>
    public const string StatusPendingPayment = """
        {"payment_method":"","amount":100,"created_date":"2022-04-30T07:41:09.763","confirmation_code":"","payment_status_description":"INVALID",
         "description":"","message":"Request processed successfully","payment_account":"",
         "call_back_url":"https://test.com/?OrderTrackingId=7e6b62d9-883e-440f-a63e-e1105bbfadc3&OrderMerchantReference=1515111111",
         "status_code":0,"merchant_reference":"1515111111","payment_status_code":"","currency":"KES",
         "error":{"error_type":"api_error","code":"payment_details_not_found","message":"Pending Payment","call_back_url":"https://test.com/?OrderTrackingId=7e6b62d9-883e-440f-a63e-e1105bbfadc3&OrderMerchantReference=1515111111"},
         "status":"500"}
        """;

    /// <summary>
    /// An M-Pesa payment the payer cancelled, as public integrations report Pesapal's sandbox answering: <c>payment_status_code</c>
    /// "request_terminated_by_user", a masked wallet in <c>payment_account</c>.
    /// </summary>
    public const string StatusMpesaCancelled = """
        {"payment_method":"MpesaKE","amount":100,"created_date":"2022-04-30T07:41:09.763","confirmation_code":"","payment_status_description":"Failed",
         "description":"","message":"Request processed successfully","payment_account":"2547xxx73984","call_back_url":"https://test.com/",
         "status_code":2,"merchant_reference":"1515111111","payment_status_code":"request_terminated_by_user","currency":"KES",
         "error":{"error_type":null,"code":null,"message":null,"call_back_url":null},"status":"200"}
        """;

    /// <summary>
    /// https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/submitorderrequest (sample response), reproduced in
    /// https://github.com/coder866/pesapalApi README.
    /// </summary>
    public const string SubmitAccepted = """
        {"order_tracking_id":"b945e4af-80a5-4ec1-8706-e03f8332fb04","merchant_reference":"TEST1515111119",
         "redirect_url":"https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=b945e4af-80a5-4ec1-8706-e03f8332fb04","error":null,"status":"200"}
        """;

    /// <summary>
    /// A refusal with <c>error</c> as a string: Pesapal's own Android SDK types it so
    /// (https://github.com/Pesapal-Ltd/pesapal-sdk, paygateway/.../submit_order/SubmitOrderResponse.kt: <c>val error: String</c>).
    /// </summary>
    public const string SubmitErrorAsString = """{"order_tracking_id":null,"merchant_reference":null,"redirect_url":null,"error":"Invalid notification id","status":"500"}""";

    /// <summary>
    /// The token refusal public integrations log (code invalid_consumer_key_or_secret_provided, an empty message, status "500").
    /// </summary>
    public const string TokenRefused = """{"error":{"error_type":"api_error","code":"invalid_consumer_key_or_secret_provided","message":""},"status":"500"}""";

    /// <summary>https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/registeripnurl : the IPN sent by POST.</summary>
    public const string IpnPost = """{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":"b945e4af-80a5-4ec1-8706-e03f8332fb04","OrderMerchantReference":"TEST1515111119"}""";

    /// <summary>The same IPN as a COMPLETED status answer for it (the documented sample, paid: status_code 1, "Completed").</summary>
    public const string IpnOrderCompleted = """
        {"payment_method":"MpesaKE","amount":100,"created_date":"2022-04-30T07:41:09.763","confirmation_code":"QDU7Y8W9Z0",
         "payment_status_description":"Completed","description":"","message":"Request processed successfully","payment_account":"2547xxx73984",
         "call_back_url":"https://test.com/","status_code":1,"merchant_reference":"TEST1515111119","payment_status_code":"","currency":"KES",
         "error":{"error_type":null,"code":null,"message":null,"call_back_url":null},"status":"200"}
        """;

    /// <summary>The HTML page a reverse proxy in front of pay.pesapal.com serves for a 502.</summary>
    public const string BadGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
}
