namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>
/// The simulator's Reversal API (<c>POST /mpesa/reversal/v1/request</c>) and Transaction Status API
/// (<c>POST /mpesa/transactionstatus/v1/query</c>), both asynchronous as on Daraja: the answer only accepts, the result is posted to
/// the ResultURL later on the simulator's clock. Shapes and result codes follow https://developer.safaricom.co.ke/apis/Reversal and
/// https://developer.safaricom.co.ke/apis/TransactionStatus; where Safaricom documents nothing, the choice is marked <i>inferred</i>.
/// </summary>
internal sealed class DarajaReversalDesk
{
    public const string ReversalPath = "/mpesa/reversal/v1/request";
    public const string TransactionStatusPath = "/mpesa/transactionstatus/v1/query";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);

    private readonly DarajaSimulator _sim;
    private readonly object _gate = new();
    private readonly Dictionary<string, DarajaReversal> _reversals = new(StringComparer.Ordinal);
    private int _sequence;

    public DarajaReversalDesk(DarajaSimulator simulator) => _sim = simulator;

    /// <summary>Gets a snapshot of the accepted reversals.</summary>
    public IReadOnlyList<DarajaReversal> Reversals
    {
        get
        {
            lock (_gate)
            {
                return [.. _reversals.Values];
            }
        }
    }

    /// <summary>Whether a journal record is a reversal's (else an STK push's).</summary>
    public static bool IsReversal(JsonObject record) => (string?)record["kind"] == "reversal";

    /// <summary>Restores a reversal from its latest journal record: a processed one's refund returns to the ledger, an unprocessed one is processed after <see cref="DarajaSimulator.ReversalDelay"/>.</summary>
    public void Restore(JsonObject record)
    {
        var reversal = DarajaReversal.FromJournal(record);
        lock (_gate)
        {
            _reversals[reversal.OriginatorConversationId] = reversal;
            _sequence++;
        }

        if (reversal.ResultCode == "0")
        {
            _sim.RecordRefund(reversal.ToRefund(_sim.ProviderName));
        }
        else if (reversal.ResultCode is null && !reversal.TimedOut)
        {
            _sim.Schedule(_sim.ReversalDelay, () => Process(reversal));
        }
    }

    /// <summary>Takes a reversal request (the token and request faults already checked).</summary>
    public ResponseMessage Reverse(JsonNode? body)
    {
        if (Invalid(body, "TransactionReversal", out var resultUrl, out var queueUrl) is { } field
            || SimulatorJson.Text(body, "ReceiverParty") != _sim.BusinessShortCode && (field = "ReceiverParty") is not null)
        {
            return DarajaApi.Error(400, "400.002.02", $"Bad Request - Invalid {field}");
        }

        var receipt = SimulatorJson.Text(body, "TransactionID");
        if (string.IsNullOrWhiteSpace(receipt))
        {
            return DarajaApi.Error(400, "400.002.02", "Bad Request - Invalid TransactionID");
        }

        if (!decimal.TryParse(SimulatorJson.Text(body, "Amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return DarajaApi.Error(400, "400.002.02", "Bad Request - Invalid Amount");
        }

        var reversal = Accept(body, receipt.Trim(), amount, resultUrl!, queueUrl!);
        if (_sim.Random.Chance(_sim.ReversalQueueTimeOutRate))
        {
            // M-Pesa's queue could not take it: never processed; the API proxy posts a time-out notice to the QueueTimeOutURL.
            lock (_gate)
            {
                reversal.TimedOut = true;
            }

            _sim.Journal(reversal.ToJournal());
            _sim.Schedule(_sim.ReversalDelay, () => Post(reversal.QueueTimeOutUrl, reversal.OriginatorConversationId, TimeoutBody(reversal)));
        }
        else
        {
            var late = _sim.Random.Chance(_sim.LateReversalRate) ? _sim.LateReversalDelay : TimeSpan.Zero;
            _sim.Schedule(_sim.ReversalDelay + late, () => Process(reversal));
        }

        return Accepted(reversal.OriginatorConversationId, reversal.ConversationId);
    }

    /// <summary>Takes a Transaction Status query (the token and request faults already checked).</summary>
    public ResponseMessage QueryStatus(JsonNode? body)
    {
        if (Invalid(body, "TransactionStatusQuery", out var resultUrl, out _) is { } field
            || SimulatorJson.Text(body, "PartyA") != _sim.BusinessShortCode && (field = "PartyA") is not null)
        {
            return DarajaApi.Error(400, "400.002.02", $"Bad Request - Invalid {field}");
        }

        var conversation = SimulatorJson.Text(body, "OriginalConversationID");
        var transaction = SimulatorJson.Text(body, "TransactionID");
        if (string.IsNullOrWhiteSpace(conversation) && string.IsNullOrWhiteSpace(transaction))
        {
            return DarajaApi.Error(400, "400.002.02", "Bad Request - Invalid TransactionID");
        }

        var valid = InitiatorValid(body);
        var (originator, id) = NewIds();
        _sim.Schedule(_sim.StatusQueryDelay, () => Post(resultUrl!, originator, StatusBody(originator, id, valid, conversation, transaction)));
        return Accepted(originator, id);
    }

    private static ResponseMessage Accepted(string originator, string conversation) => SimulatorJson.Respond(200, new Dictionary<string, string>
    {
        ["OriginatorConversationID"] = originator,
        ["ConversationID"] = conversation,
        ["ResponseCode"] = "0",
        ["ResponseDescription"] = "Accept the service request successfully.",
    });

    private static JsonObject Parameter(string key, JsonNode? value) => value is null ? new JsonObject { ["Key"] = key } : new JsonObject { ["Key"] = key, ["Value"] = value };

    private static string NairobiTime(DateTimeOffset at) => at.ToOffset(Nairobi).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static JsonValue Code(string code) =>
        int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(code);

    private static string TimeoutBody(DarajaReversal reversal) => new JsonObject
    {
        // Inferred: Safaricom documents no body for the QueueTimeOutURL notice; the adapter needs none.
        ["Result"] = new JsonObject
        {
            ["ResultType"] = 0,
            ["ResultCode"] = "QueueTimeout",
            ["ResultDesc"] = "The request timed out in M-Pesa's queue (simulated notice).",
            ["OriginatorConversationID"] = reversal.OriginatorConversationId,
            ["ConversationID"] = reversal.ConversationId,
        },
    }.ToJsonString();

    /// <summary>The checks both APIs share; the first invalid field, or <see langword="null"/> with the two URLs.</summary>
    private static string? Invalid(JsonNode? body, string command, out Uri? resultUrl, out Uri? queueUrl)
    {
        var status = command == "TransactionStatusQuery";
        resultUrl = null;
        queueUrl = null;
        if (body is not JsonObject)
        {
            return "JSON";
        }

        if (SimulatorJson.Text(body, "CommandID") != command)
        {
            return "CommandID";
        }

        if (string.IsNullOrWhiteSpace(SimulatorJson.Text(body, "Initiator")))
        {
            return "Initiator";
        }

        if (string.IsNullOrWhiteSpace(SimulatorJson.Text(body, "SecurityCredential")))
        {
            return "SecurityCredential";
        }

        if (!Uri.TryCreate(SimulatorJson.Text(body, "ResultURL"), UriKind.Absolute, out resultUrl))
        {
            return "ResultURL";
        }

        // The Transaction Status page spells it QueueTimeoutURL, the Reversal page and the SDKs QueueTimeOutURL: take both there.
        var queue = SimulatorJson.Text(body, "QueueTimeOutURL") ?? (status ? SimulatorJson.Text(body, "QueueTimeoutURL") : null);
        if (!Uri.TryCreate(queue, UriKind.Absolute, out queueUrl))
        {
            return "QueueTimeOutURL";
        }

        // Reversal: 2 to 100 characters; Transaction Status: "a sequence of characters up to 100".
        var remarks = SimulatorJson.Text(body, "Remarks");
        return remarks is null || remarks.Length < (status ? 1 : 2) || remarks.Length > 100 ? "Remarks" : null;
    }

    private bool InitiatorValid(JsonNode? body) =>
        string.Equals(SimulatorJson.Text(body, "Initiator"), _sim.InitiatorName, StringComparison.Ordinal)
        && string.Equals(DarajaKeyPair.Instance.TryDecrypt(SimulatorJson.Text(body, "SecurityCredential")), _sim.InitiatorPassword, StringComparison.Ordinal);

    private (string Originator, string Conversation) NewIds()
    {
        var suffix = _sim.Random.Next(1_000_000, 9_999_999);
        var hex = _sim.Random.NextString(16, "0123456789abcdef");
        lock (_gate)
        {
            var n = ++_sequence;
            var now = _sim.TimeProvider.GetUtcNow();
            return (string.Create(CultureInfo.InvariantCulture, $"{n:D4}-4{suffix}-1"), string.Create(CultureInfo.InvariantCulture, $"AG_{now:yyyyMMdd}_{hex}"));
        }
    }

    private DarajaReversal Accept(JsonNode? body, string receipt, decimal amount, Uri resultUrl, Uri queueUrl)
    {
        var (originator, conversation) = NewIds();
        var reversal = new DarajaReversal
        {
            OriginatorConversationId = originator,
            ConversationId = conversation,
            OriginalReceipt = receipt,
            Amount = amount,
            ResultUrl = resultUrl,
            QueueTimeOutUrl = queueUrl,
            Remarks = SimulatorJson.Text(body, "Remarks")!,
            InitiatorValid = InitiatorValid(body),
            AcceptedAt = _sim.TimeProvider.GetUtcNow(),
        };
        lock (_gate)
        {
            _reversals.Add(originator, reversal);
        }

        _sim.Journal(reversal.ToJournal());
        return reversal;
    }

    /// <summary>M-Pesa processes the reversal: refuses it with Safaricom's result code, or gives the money back (once).</summary>
    private void Process(DarajaReversal reversal)
    {
        var now = _sim.TimeProvider.GetUtcNow();
        var receipt = _sim.Random.NextString(10, Alphabet);
        var charge = _sim.Charges.FirstOrDefault(c => string.Equals(c.Receipt, reversal.OriginalReceipt, StringComparison.Ordinal));
        SimulatedRefund? refund = null;
        lock (_gate)
        {
            var reversed = _reversals.Values.Any(r => r != reversal && r.ResultCode == "0" && r.OriginalReceipt == reversal.OriginalReceipt);
            var (code, description) = !reversal.InitiatorValid ? ("2001", "The initiator information is invalid.")
                : _sim.ReversalRejection is { } rejected ? (rejected, RejectionDescription(rejected))
                : charge is null ? ("R000002", "The OriginalTransactionID is invalid.")
                : reversed ? ("R000001", "The transaction has already been reversed.")
                : charge.Amount != reversal.Amount ? ("R000002", "The OriginalTransactionID is invalid.") // inferred: the real code for another amount is undocumented
                : ("0", "The service request is processed successfully.");
            reversal.ResultCode = code;
            reversal.ResultDesc = description;
            reversal.CompletedAt = now;
            if (code == "0")
            {
                reversal.Receipt = receipt;
                reversal.MerchantReference = charge!.MerchantReference;
                refund = reversal.ToRefund(_sim.ProviderName);
            }
        }

        _sim.Journal(reversal.ToJournal());

        if (refund is not null)
        {
            _sim.RecordRefund(refund);
        }

        if (!_sim.Random.Chance(_sim.LostReversalResultRate))
        {
            Post(reversal.ResultUrl, reversal.OriginatorConversationId, ResultBody(reversal, charge));
        }
    }

    private static string RejectionDescription(string code) => code switch
    {
        "R000001" => "The transaction has already been reversed.",
        "R000002" => "The OriginalTransactionID is invalid.",
        "1" => "The balance is insufficient for the transaction.",
        "2001" => "The initiator information is invalid.",
        "21" => "The initiator is not allowed to initiate this request.",
        "8006" => "The security credential is locked.",
        _ => "The reversal was declined.",
    };

    private string ResultBody(DarajaReversal reversal, SimulatedCharge? charge)
    {
        var result = new JsonObject
        {
            ["ResultType"] = 0,
            ["ResultCode"] = Code(reversal.ResultCode!),
            ["ResultDesc"] = reversal.ResultDesc,
            ["OriginatorConversationID"] = reversal.OriginatorConversationId,
            ["ConversationID"] = reversal.ConversationId,
            ["TransactionID"] = reversal.Receipt ?? "SKE0000000",
        };
        if (reversal.ResultCode == "0")
        {
            result["ResultParameters"] = new JsonObject
            {
                ["ResultParameter"] = new JsonArray(
                    Parameter("DebitAccountBalance", "Utility Account|KES|100000.00|100000.00|0.00|0.00"),
                    Parameter("Amount", JsonValue.Create(reversal.Amount)),
                    Parameter("TransCompletedTime", JsonValue.Create(long.Parse(NairobiTime(reversal.CompletedAt!.Value), CultureInfo.InvariantCulture))),
                    Parameter("OriginalTransactionID", reversal.OriginalReceipt),
                    Parameter("Charge", JsonValue.Create(0.00m)),
                    Parameter("CreditPartyPublicName", $"{charge?.PhoneNumber} - SIMULATED PAYER"),
                    Parameter("DebitPartyPublicName", $"{_sim.BusinessShortCode} - Simulated County")),
            };
        }

        result["ReferenceData"] = new JsonObject { ["ReferenceItem"] = Parameter("QueueTimeoutURL", reversal.QueueTimeOutUrl.AbsoluteUri) };
        return new JsonObject { ["Result"] = result }.ToJsonString();
    }

    /// <summary>The Transaction Status result: a completed reversal reports <c>TransactionStatus</c> <c>Completed</c>.</summary>
    private string StatusBody(string originator, string conversation, bool initiatorValid, string? originalConversation, string? transaction)
    {
        DarajaReversal? reversal = null;
        lock (_gate)
        {
            if (originalConversation is not null)
            {
                _reversals.TryGetValue(originalConversation, out reversal);
            }

            reversal ??= _reversals.Values.FirstOrDefault(r => r.Receipt is not null && r.Receipt == transaction);
        }

        var result = new JsonObject
        {
            ["ResultType"] = 0,
            ["OriginatorConversationID"] = originator,
            ["ConversationID"] = conversation,
            ["TransactionID"] = "SKE0000000",
        };
        var charge = reversal is null && transaction is not null ? _sim.Charges.FirstOrDefault(c => c.Receipt == transaction) : null;
        if (initiatorValid && charge is not null)
        {
            return PaymentStatusBody(result, charge);
        }

        if (!initiatorValid || reversal is null)
        {
            // Inferred for an unknown id: the message M-Pesa gives an invalid transaction id elsewhere.
            result["ResultCode"] = initiatorValid ? "R000002" : JsonValue.Create(2001);
            result["ResultDesc"] = initiatorValid ? "The OriginalTransactionID is invalid." : "The initiator information is invalid.";
            return new JsonObject { ["Result"] = result }.ToJsonString();
        }

        string status;
        lock (_gate)
        {
            // Inferred: only "Completed" is documented; the other words stand for a reversal that is not (or not yet) done.
            status = reversal.TimedOut ? "Expired" : reversal.ResultCode is null ? "Pending" : reversal.ResultCode == "0" ? "Completed" : "Declined";
        }

        result["ResultCode"] = 0;
        result["ResultDesc"] = "The service request is processed successfully.";
        result["ResultParameters"] = new JsonObject
        {
            ["ResultParameter"] = new JsonArray(
                Parameter("DebitPartyName", $"{_sim.BusinessShortCode} - Simulated County"),
                Parameter("OriginatorConversationID", reversal.OriginatorConversationId),
                Parameter("InitiatedTime", NairobiTime(reversal.AcceptedAt)),
                Parameter("ReasonType", "Reversal"),
                Parameter("TransactionStatus", status),
                Parameter("FinalisedTime", reversal.CompletedAt is { } at ? NairobiTime(at) : null),
                Parameter("Amount", reversal.Amount.ToString("0.##", CultureInfo.InvariantCulture)),
                Parameter("ConversationID", reversal.ConversationId),
                Parameter("ReceiptNo", reversal.Receipt)),
        };
        result["ReferenceData"] = new JsonObject { ["ReferenceItem"] = new JsonObject { ["Key"] = "Occasion" } };
        return new JsonObject { ["Result"] = result }.ToJsonString();
    }

    /// <summary>The Transaction Status result of a payment (an approved STK push) queried by its M-Pesa receipt.</summary>
    private string PaymentStatusBody(JsonObject result, SimulatedCharge charge)
    {
        result["ResultCode"] = 0;
        result["ResultDesc"] = "The service request is processed successfully.";
        result["ResultParameters"] = new JsonObject
        {
            ["ResultParameter"] = new JsonArray(
                Parameter("DebitPartyName", $"{charge.PhoneNumber} - SIMULATED PAYER"),
                Parameter("CreditPartyName", $"{_sim.BusinessShortCode} - Simulated County"),
                Parameter("OriginatorConversationID", charge.ProviderReference),
                Parameter("InitiatedTime", NairobiTime(charge.ChargedAt)),
                Parameter("DebitAccountType", "MMF Account For Customer"),
                Parameter("ReasonType", "Pay Bill Online"),
                Parameter("TransactionStatus", "Completed"),
                Parameter("FinalisedTime", NairobiTime(charge.ChargedAt)),
                Parameter("Amount", charge.Amount.ToString("0.##", CultureInfo.InvariantCulture)),
                Parameter("ConversationID", charge.ProviderReference),
                Parameter("ReceiptNo", charge.Receipt)),
        };
        result["ReferenceData"] = new JsonObject { ["ReferenceItem"] = new JsonObject { ["Key"] = "Occasion" } };
        return new JsonObject { ["Result"] = result }.ToJsonString();
    }

    private void Post(Uri url, string reference, string body) =>
        _ = _sim.SendCallbackAsync(new SimulatedCallback(_sim.ProviderName, reference, reference, "POST", url, body, 0, _sim.TimeProvider.GetUtcNow()));
}
