namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>
/// Airtel Money answers as Airtel publishes them or as real integrations recorded them, each with its source. The partner
/// transaction ids are replaced by the test attempt's (<c>pay-1-1</c>), so that the enquiry answers are about the enquired id;
/// no phone number is reproduced.
/// </summary>
internal static class AirtelRealAnswers
{
    /// <summary>
    /// Collection (USSD push) accepted, Airtel's published sample, with its <c>"id": false</c>. Source:
    /// https://developers.airtel.africa/documentation (Collection API, USSD push, 200 response), mirrored in
    /// fredpatch/ono_ticketr_server services/airtelmoney/documentations.md.
    /// </summary>
    public const string CollectionAccepted = """
        {"data":{"transaction":{"id":false,"status":"SUCCESS"}},"status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"DP00800001006","success":true}}
        """;

    /// <summary>Transaction enquiry success, Airtel's published sample shape. Source: https://developers.airtel.africa/documentation (Transaction Enquiry).</summary>
    public const string EnquiryDocumentedSuccess = """
        {"data":{"transaction":{"airtel_money_id":"C36000000067","id":"pay-1-1","message":"success","status":"TS"}},"status":{"response_code":"DP00800001001","code":"200","success":true,"result_code":"ESB000010","message":"SUCCESS"}}
        """;

    // Production enquiry answers (Airtel Niger, 2022-2023) stored verbatim by a public integration's database dump
    // (table "transaction", column response_enquiry), found by the code search of this session; ids replaced.

    /// <summary>Success, although the response_code still says "in process" (DP00800001006): the status decides.</summary>
    public const string EnquiryNigerSuccessWithInProcessCode = """
        {"data":{"transaction":{"airtel_money_id":"MP230107.1738.J04514","id":"pay-1-1","message":"Your transaction has been successfully processed","status":"TS"}},"status":{"response_code":"DP00800001006","code":"200","success":true,"result_code":"ESB000010","message":"SUCCESS"}}
        """;

    /// <summary>Failed, wrong PIN, with a short-form response_code (DP008001013) not in Airtel's published table and a French message.</summary>
    public const string EnquiryNigerWrongPin = """
        {"data":{"transaction":{"airtel_money_id":"MP221224.2205.C00292","id":"pay-1-1","message":"Desole, le mot passe entre est incorrecte.","status":"TF"}},"status":{"response_code":"DP008001013","code":"200","success":true,"result_code":"ESB000010","message":"SUCCESS"}}
        """;

    /// <summary>Failed, amount below the service's minimum.</summary>
    public const string EnquiryNigerBelowMinimum = """
        {"data":{"transaction":{"airtel_money_id":"MP230107.1930.J06059","id":"pay-1-1","message":"Le montant de la transaction est inferieur au montant minimum defini pour ce service","status":"TF"}},"status":{"response_code":"DP008001013","code":"200","success":true,"result_code":"ESB000010","message":"SUCCESS"}}
        """;

    /// <summary>In progress: no airtel_money_id yet.</summary>
    public const string EnquiryNigerInProgress = """
        {"data":{"transaction":{"id":"pay-1-1","status":"TIP"}},"status":{"response_code":"DP00800001006","code":"200","success":true,"result_code":"ESB000010","message":"SUCCESS"}}
        """;

    // Production v1 callbacks (Airtel Zambia, 2023) kept as test cases by a public integration (a PHP checkTransaction script found by
    // the code search of this session): they carry a short-form "code" beside status_code, and a balance in the message.

    /// <summary>Success callback.</summary>
    public const string CallbackZambiaSuccess = """
        {"transaction":{"status_code":"TS","code":"DP008001001","airtel_money_id":"MP230602.0207.L31766","id":"pay-1-1","message":"Txn. ID : MP230602.0207.L31766. Payment of ZMW 98.00 to CB ZAMBIA, Till Number CB ZAMBIA is successful. Your Airtel Money balance is ZMW 0.14"}}
        """;

    /// <summary>Failed callback without an airtel_money_id.</summary>
    public const string CallbackZambiaInvalidId = """{"transaction":{"status_code":"TF","code":"DP008001013","id":"pay-1-1","message":"Transaction id is invalid"}}""";

    /// <summary>Failed callback, insufficient funds.</summary>
    public const string CallbackZambiaInsufficientFunds = """
        {"transaction":{"status_code":"TF","code":"DP008001021","airtel_money_id":"MP230602.0409.M32734","id":"pay-1-1","message":"Dear Customer, Transaction Failed with TXN Id : MP230602.0409.M32734, Dear Customer, you have insufficient funds to complete this transaction. Kindly top up and try again. Thank you.. Please try again later. Thank you."}}
        """;

    /// <summary>Failed callback, wrong PIN.</summary>
    public const string CallbackZambiaWrongPin = """
        {"transaction":{"status_code":"TF","code":"DP008001023","airtel_money_id":"MP230602.2012.N05081","id":"pay-1-1","message":"The Pin you have entered is incorrect. Please type your correct four digit Pin. 5 unsuccessful attempts will lock your account. Dial *115# option 6 then option 1 for forgotten PIN"}}
        """;
}
