namespace Resilience.Payments.Paystack.Tests;

/// <summary>
/// Paystack's own documented answers, reproduced as test data (trimmed of fields the adapter never reads; values unchanged). Source:
/// Paystack's documentation snippets, https://github.com/PaystackOSS/doc-code-snippets (the JSON behind https://paystack.com/docs),
/// file named beside each sample; the HTML pages are the ones Cloudflare (Paystack's edge) serves.
/// </summary>
internal static class PaystackRealAnswers
{
    /// <summary>src/api/charges/create/response.json "200": a card charge that succeeded (NGN 2.00).</summary>
    public const string ChargeSuccess = """
        {"status":true,"message":"Charge attempted","data":{"amount":200,"currency":"NGN","transaction_date":"2017-05-24T05:56:12.000Z","status":"success",
         "reference":"zuvbpizfcf2fs7y","domain":"test","metadata":{"custom_fields":[{"display_name":"Paid Via","variable_name":"paid_via","value":"API call"}]},
         "gateway_response":"Successful","message":null,"channel":"card","ip_address":"54.154.89.28, 162.158.38.82, 172.31.38.35","log":null,"fees":3,
         "authorization":{"authorization_code":"AUTH_6tmt288t0o","bin":"408408","last4":"4081","exp_month":"12","exp_year":"2020","channel":"card","reusable":true},
         "customer":{"id":14571,"first_name":null,"last_name":null,"email":"test@email.co","customer_code":"CUS_hns72vhhtos0f0k","phone":null},"plan":null}}
        """;

    /// <summary>src/api/charges/create/response.json "200_otp".</summary>
    public const string ChargeSendOtp = """{"status":true,"message":"Charge attempted","data":{"reference":"0t4gwo2ft6q0n9h","status":"send_otp","display_text":"Please send OTP"}}""";

    /// <summary>src/api/charges/create/response.json "200_pending" (note the envelope message).</summary>
    public const string ChargePending = """{"status":true,"message":"Reference check successful","data":{"reference":"5bwib5v6anhe9xa","status":"pending"}}""";

    /// <summary>src/api/charges/create/response.json "200_pin": no display_text.</summary>
    public const string ChargeSendPin = """{"status":true,"message":"Charge attempted","data":{"reference":"apg8mnjf5yg7zp8","status":"send_pin"}}""";

    /// <summary>src/api/charges/create/response.json "200_bank_auth".</summary>
    public const string ChargeOpenUrl = """{"status":true,"message":"Charge attempted","data":{"reference":"apg8mnjf5yg7zp8","url":"https://standard.paystack.co/close","status":"open_url"}}""";

    /// <summary>src/api/charges/create/response.json "200_phone".</summary>
    public const string ChargeSendPhone = """{"status":true,"message":"Charge attempted","data":{"reference":"0t4gwo2ft6q0n9h","status":"send_phone","display_text":"Please send phone"}}""";

    /// <summary>src/api/charges/create/response.json "200_birthday".</summary>
    public const string ChargeSendBirthday = """{"status":true,"message":"Charge attempted","data":{"reference":"0t4gwo2ft6q0n9h","status":"send_birthday","display_text":"Please send your birthday"}}""";

    /// <summary>src/api/charges/create/response.json "200_address".</summary>
    public const string ChargeSendAddress = """{"message":"Charge attempted","status":true,"data":{"display_text":"Please send details for address verification","reference":"7c7rpkqpc0tijs8","status":"send_address","country_code":"CA"}}""";

    /// <summary>src/api/charges/create/response.json "200_ussd".</summary>
    public const string ChargeUssd = """{"status":true,"message":"Charge attempted","data":{"reference":"2ofkbk0yie6dvzb","status":"pay_offline","display_text":"Please dial *737*33*4*453441# on your mobile phone to complete the transaction","ussd_code":"*737*33*4*453441#"}}""";

    /// <summary>src/api/charges/create/response.json "200_momo": a mobile money charge that succeeded at once (GHS 1.00), wallet masked in <c>bin</c>/<c>last4</c>.</summary>
    public const string ChargeMobileMoneySuccess = """
        {"message":"Charge attempted","status":true,"data":{"amount":100,"channel":"mobile_money","created_at":"2018-11-17T14:39:56.000Z","currency":"GHS","domain":"live",
         "fees":153,"gateway_response":"Approved","id":59333,"ip_address":"35.177.189.123, 162.158.155.220","message":"madePayment","paid_at":"2018-11-17T14:40:18.000Z",
         "reference":"l7lvu4y3xcka6zu","status":"success","transaction_date":"2018-11-17T14:39:56.000Z",
         "authorization":{"authorization_code":"AUTH_33lz7ev5tq","bank":"MTN Mobile Money","bin":"055XXX","brand":"Mtn mobile money","channel":"mobile_money","country_code":"GH","exp_month":12,"exp_year":9999,"last4":"X149","reusable":false},
         "customer":{"customer_code":"CUS_s3aa4mx0yyvrqye","email":"customer@email.com","id":16763,"risk_action":"default"}}}
        """;

    /// <summary>src/api/charges/create/response.json "400".</summary>
    public const string ChargeRefused = """{"status":false,"message":"Email address is required for association with card"}""";

    /// <summary>src/doc/payments/payment-methods/mobile-mpesa/index.json: the answer to an M-Pesa charge (STK push sent).</summary>
    public const string MpesaPayOffline = """{"status":true,"message":"Charge attempted","data":{"reference":"jq3psd5n96sprwl","status":"pay_offline","display_text":"Please complete authorization process on your mobile phone"}}""";

    /// <summary>src/doc/payments/payment-methods/mobile-mpesa-offline/index.json: M-Pesa offline (paybill) with an account number (a number, not a string).</summary>
    public const string MpesaOffline = """{"status":true,"message":"Charge attempted","data":{"reference":"e6i9ak3rbq982wh","status":"pay_offline","display_text":"Please complete authorization process on your mobile phone","account_number":"4084333","account_reference":1234567}}""";

    /// <summary>src/doc/payments/payment-methods/mobile-response-late/index.json: the answer when the wallet has not confirmed yet.</summary>
    public const string MobileMoneyLate = """{"status":true,"message":"Charge attempted","data":{"reference":"84oow6t0rf715g6","status":"pending"}}""";

    /// <summary>src/api/transactions/charge_authorization/response.json "200" (NGN 352.47).</summary>
    public const string ChargeAuthorizationSuccess = """
        {"status":true,"message":"Charge attempted","data":{"amount":35247,"currency":"NGN","transaction_date":"2024-08-22T10:53:49.000Z","status":"success","reference":"0m7frfnr47ezyxl",
         "domain":"test","metadata":"","gateway_response":"Approved","message":null,"channel":"card","ip_address":null,"log":null,"fees":10247,
         "authorization":{"authorization_code":"AUTH_uh8bcl3zbn","bin":"408408","last4":"4081","channel":"card","reusable":true,"account_name":null},
         "customer":{"id":181873746,"email":"demo@test.com","customer_code":"CUS_1rkzaqsv4rrhqo6","phone":null,"international_format_phone":null},"plan":null,"id":4099490251}}
        """;

    /// <summary>
    /// src/doc/payments/direct-debit/charge-authorization/index.json (https://paystack.com/docs/payments/direct-debit/): a charge by
    /// authorization answered "processing", "Transaction in progress" (NGN 100.00).
    /// </summary>
    public const string ChargeAuthorizationProcessing = """
        {"status":true,"message":"Charge attempted","data":{"amount":10000,"currency":"NGN","transaction_date":"2023-10-24T12:32:24.000Z","status":"processing",
         "reference":"nl3eljdd6qgbrho","domain":"live","metadata":"","gateway_response":"Transaction in progress","message":null,"channel":"direct_debit",
         "ip_address":null,"log":null,"fees":null,"authorization":{"authorization_code":"AUTH_JV4T9Wawdj","bin":null,"last4":null,"channel":"direct_debit",
         "bank":"Guaranty Trust Bank","country_code":"NG","reusable":true,"signature":null,"account_name":null},"plan":null,"id":1504238596}}
        """;

    /// <summary>src/api/charges/check/response.json "200_failed": a failed charge whose reason is in <c>data.message</c> (no gateway_response).</summary>
    public const string ChargeFailedInsufficientFunds = """{"status":true,"message":"Reference check successful","data":{"reference":"ojk8k0bimgftf0x","status":"failed","message":"Insufficient funds"}}""";

    /// <summary>src/api/charges/submit-otp/response.json "200_failed".</summary>
    public const string ChargeFailedOtpEnrolment = """{"status":true,"message":"Charge attempted","data":{"reference":"bc9w93gh629a4d7","status":"failed","message":"Error occured while enrolling you for OTP!"}}""";

    /// <summary>src/api/transactions/verify/response.json and charge_authorization "400".</summary>
    public const string InvalidKey = """{"status":false,"message":"Invalid key"}""";

    /// <summary>src/api/transactions/initialize/response.json "200".</summary>
    public const string InitializeCreated = """{"status":true,"message":"Authorization URL created","data":{"authorization_url":"https://checkout.paystack.com/3ni8kdavz62431k","access_code":"3ni8kdavz62431k","reference":"re4lyvq3s3"}}""";

    /// <summary>src/api/introduction/sample-error/index.json: the documented error envelope (with meta, type and code).</summary>
    public const string SampleError = """{"status":false,"message":"Email Address is required","meta":{"nextStep":"Provide all required params "},"type":"validation_error","code":"missing_params"}""";

    /// <summary>src/api/introduction/error-format/index.json: the error format as documented, <c>status</c> written as a string.</summary>
    public const string ErrorFormatStatusAsString = """{"status":"false","message":"[string]"}""";

    /// <summary>
    /// src/api/transactions/verify/response.json "200" (NGN 403.33 charged; <c>requested_amount</c> 30050: the customer bore the fees).
    /// Both <c>paid_at</c> and <c>paidAt</c>, and <c>log</c> as an object.
    /// </summary>
    public const string VerifySuccess = """
        {"status":true,"message":"Verification successful","data":{"id":4099260516,"domain":"test","status":"success","reference":"re4lyvq3s3","receipt_number":null,
         "amount":40333,"message":null,"gateway_response":"Successful","paid_at":"2024-08-22T09:15:02.000Z","created_at":"2024-08-22T09:14:24.000Z","channel":"card",
         "currency":"NGN","ip_address":"197.210.54.33","metadata":"","log":{"start_time":1724318098,"time_spent":4,"attempts":1,"errors":0,"success":true,"mobile":false,"input":[],
         "history":[{"type":"action","message":"Attempted to pay with card","time":3},{"type":"success","message":"Successfully paid with card","time":4}]},
         "fees":10283,"fees_split":null,"authorization":{"authorization_code":"AUTH_uh8bcl3zbn","bin":"408408","last4":"4081","channel":"card","reusable":true,"account_name":null},
         "customer":{"id":181873746,"email":"demo@test.com","customer_code":"CUS_1rkzaqsv4rrhqo6","phone":null},"plan":null,"split":{},"order_id":null,
         "paidAt":"2024-08-22T09:15:02.000Z","createdAt":"2024-08-22T09:14:24.000Z","requested_amount":30050,"pos_transaction_data":null,"source":null,
         "fees_breakdown":null,"connect":null,"transaction_date":"2024-08-22T09:14:24.000Z","plan_object":{},"subaccount":{}}}
        """;

    /// <summary>src/doc/terminal/virtual-terminal/webhook.js (PaystackOSS/doc-code-snippets pull 95): a Kenyan charge.success (KES 100.00).</summary>
    public const string WebhookChargeSuccessKes = """
        {"event":"charge.success","data":{"id":4677002219,"domain":"test","status":"success","reference":"T173424527684156","amount":10000,"message":null,
         "gateway_response":"Successful","paid_at":"2025-02-11T10:42:20.000Z","created_at":"2025-02-11T10:42:03.000Z","channel":"card","currency":"KES",
         "ip_address":"129.222.206.7","metadata":{"virtual_terminal":{"code":"VT_68SBY77G"},"referrer":"https://paystack.shop/pay/vt_68sby77g"},
         "fees_breakdown":null,"log":null,"fees":290,"fees_split":null,
         "authorization":{"authorization_code":"AUTH_7k5skwmhxu","bin":"408408","last4":"4081","exp_month":"12","exp_year":"2030","channel":"card","country_code":"KE","reusable":true}}}
        """;

    /// <summary>src/doc/payments/payment-methods/mobile-event/index.json: a mobile money charge.success (GHS 1.00), <c>plan</c> and <c>subaccount</c> as empty objects.</summary>
    public const string WebhookMobileMoneySuccess = """
        {"event":"charge.success","data":{"id":59214,"domain":"live","status":"success","reference":"gf4n3ykzj6a7u89","amount":100,"message":"madePayment","gateway_response":"Approved",
         "paid_at":"2018-11-15T06:10:54.000Z","created_at":"2018-11-15T06:10:32.000Z","channel":"mobile_money","currency":"GHS","ip_address":"18.130.236.148, 141.101.99.73",
         "metadata":"","log":null,"fees":153,"fees_split":null,
         "authorization":{"authorization_code":"AUTH_0aqm8ddx6s","bin":"055XXX","last4":"X149","channel":"mobile_money","bank":"MTN Mobile Money","country_code":"GH","reusable":false,"signature":null},
         "customer":{"id":16678,"email":"customer@email.com","customer_code":"CUS_2jk1i8ezoam49br","phone":"","metadata":null,"risk_action":"allow"},
         "plan":{},"subaccount":{},"subaccount_group":{},"paidAt":"2018-11-15T06:10:54.000Z"}}
        """;

    /// <summary>src/doc/payments/payment-methods/pesalink-events/charge-successful.json (pull 106): <c>metadata</c> is the number 0, <c>fees_breakdown.amount</c> a string.</summary>
    public const string WebhookPesalinkSuccess = """
        {"event":"charge.success","data":{"id":519558290,"domain":"live","status":"success","reference":"uybxnzf71231","amount":1000,"message":null,"gateway_response":"Approved",
         "paid_at":"2025-06-21T11:11:27.000Z","created_at":"2025-06-21T11:02:57.000Z","channel":"bank_transfer","currency":"KES","ip_address":"172.68.67.162, 172.31.63.81",
         "metadata":0,"fees_breakdown":{"amount":"15","formula":null,"type":"paystack"},"log":null,"fees":15,"fees_split":null}}
        """;

    /// <summary>src/doc/payments/payment-methods/pesalink-events/bank-transfer-rejected.json: an event with no reference, to be ignored.</summary>
    public const string WebhookBankTransferRejected = """
        {"event":"bank.transfer.rejected","data":{"bank_transfer":{"amount":"1000","message":"incorrect amount sent","message_type":"INCORRECT_AMOUNT","transaction_id":"5195686331"},
         "customer":{"first_name":"Amanda","last_name":"Bella","email":"user@example.com","phone":null,"metadata":null,"domain":"live","customer_code":"CUS_174rg4huaihJka"}}}
        """;

    /// <summary>src/doc/payments/webhooks/events/transfer-successful.json: a payout, carrying a reference and status success, never a charge.</summary>
    public const string WebhookTransferSuccess = """
        {"event":"transfer.success","data":{"amount":100000,"createdAt":"2025-08-04T10:32:40.000Z","currency":"NGN","domain":"test","failures":null,"id":860703114,
         "integration":{"id":463433,"is_live":true,"business_name":"Paystack Demo"},"reason":"Bonus for the week","reference":"acv_9ee55786-2323-4760-98e2-6380c9cb3f68",
         "source":"balance","source_details":null,"status":"success","titan_code":null,"transfer_code":"TRF_v5tip3zx8nna9o78","transferred_at":null}}
        """;

    /// <summary>src/doc/payments/refunds/events/refund-processed.json: no refund id and no merchant note; amount a string.</summary>
    public const string WebhookRefundProcessed = """
        {"event":"refund.processed","data":{"status":"processed","transaction_reference":"T2154954_412829_3be32076_6lcg3","refund_reference":"132013318360","amount":"5000",
         "currency":"NGN","processor":"mpgs_zen","customer":{"first_name":"Damilola","last_name":"Kwabena","email":"damilola@email.com"},"integration":412829,"domain":"live"}}
        """;

    /// <summary>src/doc/payments/refunds/events/refund-failed.json: amount a number, refund_reference a transfer code.</summary>
    public const string WebhookRefundFailed = """
        {"event":"refund.failed","data":{"status":"failed","transaction_reference":"T9171231_412325_3be2736c_n6tml","refund_reference":"TRF_9vgfawjnoz58uxy","amount":20000,
         "currency":"NGN","processor":"instant-transfer","customer":{"first_name":"Tobi","last_name":"Digz","email":"tobi@mail.com"},"integration":412325,"domain":"live"}}
        """;

    /// <summary>src/doc/payments/refunds/events/refund-pending.json: refund_reference null, amount a string.</summary>
    public const string WebhookRefundPending = """
        {"event":"refund.pending","data":{"status":"pending","transaction_reference":"tvunjbbd_412829_4b18075d_c7had","refund_reference":null,"amount":"10000",
         "currency":"NGN","processor":"instant-transfer","customer":{"first_name":"Drew","last_name":"Berry","email":"demo@email.com"},"integration":412829,"domain":"live"}}
        """;

    /// <summary>src/doc/payments/refunds/events/refund-processing.json.</summary>
    public const string WebhookRefundProcessing = """
        {"event":"refund.processing","data":{"status":"processing","transaction_reference":"tvunjbbd_412829_4b18075d_c7had","refund_reference":null,"amount":"10000",
         "currency":"NGN","processor":"instant-transfer","customer":{"first_name":"Drew","last_name":"Berry","email":"demo@email.com"},"integration":412829,"domain":"live"}}
        """;

    /// <summary>src/doc/payments/refunds/events/refund-needs-attention.json: the refund's id as a string, Paystack's own notes.</summary>
    public const string WebhookRefundNeedsAttention = """
        {"event":"refund.needs-attention","data":{"status":"needs-attention","transaction_reference":"88bfa94509eb96aa9785641c26cc57cc","refund_reference":"TRF_7jn17u9vkqm91efk",
         "amount":5306,"currency":"NGN","customer":{"first_name":null,"last_name":null,"email":"customer@email.com"},"integration":123456,"domain":"live","id":"123456",
         "customer_note":"Refund for transaction 88bfa94509eb96aa9785641c26cc57cc","merchant_note":"Refund for transaction 88bfa94509eb96aa9785641c26cc57cc by paystack@email.com"}}
        """;

    /// <summary>src/api/refunds/create/response.json "200": "Refund has been queued for processing", the refund's id 3018284.</summary>
    public const string RefundQueued = """
        {"status":true,"message":"Refund has been queued for processing","data":{"transaction":{"id":1004723697,"domain":"live","reference":"T685312322670591","amount":10000,
         "paid_at":"2021-08-20T18:34:11.000Z","channel":"apple_pay","currency":"NGN","authorization":{"exp_month":null,"exp_year":null,"account_name":null},
         "customer":{"international_format_phone":null},"plan":{},"subaccount":{"currency":null},"split":{},"order_id":null,"paidAt":"2021-08-20T18:34:11.000Z",
         "pos_transaction_data":null,"source":null,"fees_breakdown":null},"integration":412829,"deducted_amount":0,"channel":null,
         "merchant_note":"Refund for transaction T685312322670591 by test@me.com","customer_note":"Refund for transaction T685312322670591","status":"pending",
         "refunded_by":"test@me.com","expected_at":"2021-12-16T09:21:17.016Z","currency":"NGN","domain":"live","amount":10000,"fully_deducted":false,"id":3018284,
         "createdAt":"2021-12-07T09:21:17.122Z","updatedAt":"2021-12-07T09:21:17.122Z"}}
        """;

    /// <summary>src/api/refunds/fetch/response.json "200": processed, <c>transaction</c> as the number 1641.</summary>
    public const string RefundRetrievedProcessed = """
        {"status":true,"message":"Refund retrieved","data":{"integration":100982,"transaction":1641,"dispute":null,"settlement":null,"domain":"live","amount":500000,
         "deducted_amount":500000,"fully_deducted":true,"currency":"NGN","channel":"migs","status":"processed","refunded_by":"eseyinwale@gmail.com",
         "refunded_at":"2018-01-12T10:54:47.000Z","expected_at":"2017-10-01T21:10:59.000Z","customer_note":"xxx","merchant_note":"xxx","id":1,
         "createdAt":"2017-09-24T21:10:59.000Z","updatedAt":"2018-01-18T11:59:56.000Z"}}
        """;

    /// <summary>The page Cloudflare (in front of api.paystack.co) serves for a 502 from the origin.</summary>
    public const string CloudflareBadGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

    /// <summary>Cloudflare's "Error 1015: You are being rate limited" page, served with HTTP 429 before the request reaches the origin.</summary>
    public const string CloudflareRateLimited = "<!DOCTYPE html><html><head><title>Access denied | api.paystack.co used Cloudflare to restrict access</title></head><body><h1>Error 1015</h1><h2>You are being rate limited</h2></body></html>";

    /// <summary>Cloudflare's page for a timeout between its edge and the origin (HTTP 524): the origin received the request.</summary>
    public const string CloudflareTimeout = "<!DOCTYPE html><html><head><title>api.paystack.co | 524: A timeout occurred</title></head><body><h1>A timeout occurred</h1><span>Error code 524</span></body></html>";
}
