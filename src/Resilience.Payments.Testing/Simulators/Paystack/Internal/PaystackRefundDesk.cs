namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// The refunds of a <see cref="PaystackSimulator"/>: <c>POST /refund</c>, <c>GET /refund/:id</c>, <c>GET /refund?transaction=</c>,
/// the books per transaction (partial refunds, never more than charged in total), the statuses moving on the simulator's clock,
/// a signed <c>refund.*</c> webhook for each, and <see cref="ProviderSimulator.RecordRefund"/> once processed.
/// </summary>
internal sealed class PaystackRefundDesk
{
    private const string FetchPrefix = "/refund/";

    private readonly object _gate = new();
    private readonly Dictionary<long, PaystackRefundEntry> _refunds = [];
    private readonly PaystackSimulator _simulator;
    private long _nextId = 3_000_001;

    public PaystackRefundDesk(PaystackSimulator simulator) => _simulator = simulator;

    /// <summary>Gets every refund, in the order taken, as it stands now.</summary>
    public IReadOnlyList<PaystackSimulatedRefund> Snapshot()
    {
        lock (_gate)
        {
            return _refunds.Values.OrderBy(r => r.Id).Select(r => r.Snapshot()).ToList();
        }
    }

    /// <summary>Whether the request is one of the refund routes.</summary>
    public static bool Handles(string path) => path == "/refund" || path.StartsWith(FetchPrefix, StringComparison.Ordinal);

    /// <summary>Answers a refund route (faults drawn and the key checked already).</summary>
    public async Task<ResponseMessage> HandleAsync(IRequestMessage request, string path)
    {
        if (request.Method == "POST" && path == "/refund")
        {
            return await CreateAsync(request).ConfigureAwait(false);
        }

        if (request.Method == "GET" && path == "/refund")
        {
            return List(SimulatorJson.Query(request, "transaction"));
        }

        return request.Method == "GET" && path.Length > FetchPrefix.Length ? Fetch(Uri.UnescapeDataString(path[FetchPrefix.Length..])) : PaystackApi.Refuse(404, "Route not found");
    }

    /// <summary>Restores a refund from the journal and resumes its progress.</summary>
    public void Restore(JsonObject record)
    {
        var entry = PaystackRefundEntry.FromJournal(record);
        lock (_gate)
        {
            _refunds[entry.Id] = entry;
            _nextId = Math.Max(_nextId, entry.Id + 1);
        }

        if (entry.Status == "processed")
        {
            _simulator.RecordRefund(entry.ToRefund(_simulator.ProviderName, entry.UpdatedAt));
        }

        if (!entry.IsFinal)
        {
            ScheduleStep(entry.Id);
        }
    }

    private async Task<ResponseMessage> CreateAsync(IRequestMessage request)
    {
        if (!PaystackRequest.TryParseBody(request, out var body) || body is not JsonObject)
        {
            return PaystackApi.Refuse(400, "Invalid JSON body");
        }

        if (SimulatorJson.Text(body, "transaction") is not { Length: > 0 } transactionKey)
        {
            return PaystackApi.Refuse(400, "Transaction reference or id is required");
        }

        if (_simulator.FindTransaction(transactionKey) is not { } transaction)
        {
            return PaystackApi.Refuse(404, "Transaction not found");
        }

        if (transaction.Status != "success")
        {
            return PaystackApi.Refuse(400, "Cannot refund a transaction that is not successful");
        }

        if (SimulatorJson.Text(body, "currency") is { } currency && !string.Equals(currency, transaction.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return PaystackApi.Refuse(400, "Currency does not match the transaction's currency");
        }

        var amount = transaction.AmountMinor; // "defaults to original transaction amount"
        if (body["amount"] is { } sent && sent.GetValueKind() != System.Text.Json.JsonValueKind.Null)
        {
            if (PaystackRequest.Amount(sent) is not { } asked)
            {
                return PaystackApi.Refuse(400, "Invalid amount: send a positive integer in the subunit");
            }

            amount = asked;
        }

        PaystackRefundEntry entry;
        JsonObject answer;
        lock (_gate)
        {
            var held = _refunds.Values.Where(r => r.TransactionId == transaction.Id && r.HoldsAmount).Sum(r => r.AmountMinor);
            if (held >= transaction.AmountMinor)
            {
                return PaystackApi.Refuse(400, "Transaction has been fully reversed");
            }

            if (held + amount > transaction.AmountMinor)
            {
                return PaystackApi.Refuse(400, "Refund amount cannot be more than the unrefunded transaction amount");
            }

            var now = _simulator.TimeProvider.GetUtcNow();
            entry = new PaystackRefundEntry
            {
                Id = _nextId++,
                TransactionReference = transaction.Reference,
                TransactionId = transaction.Id,
                AmountMinor = amount,
                Currency = transaction.Currency,
                MerchantNote = SimulatorJson.Text(body, "merchant_note"),
                CustomerNote = SimulatorJson.Text(body, "customer_note"),
                Status = "pending",
                Next = new Queue<string>(_simulator.RefundsFail ? ["processing", "failed"]
                    : _simulator.RefundsNeedAttention ? ["needs-attention", "processing", "processed"]
                    : ["processing", "processed"]),
                CreatedAt = now,
                UpdatedAt = now,
            };
            _refunds.Add(entry.Id, entry);
            answer = entry.ToCreatedJson(transaction.Json);
        }

        Announce(entry);
        ScheduleStep(entry.Id);
        if (_simulator.RefundReplyDelay is { } late)
        {
            await _simulator.DelayAsync(late).ConfigureAwait(false); // the refund is made; the answer comes late, or never
        }

        return PaystackApi.Ok("Refund has been queued for processing", answer);
    }

    private ResponseMessage Fetch(string id)
    {
        lock (_gate)
        {
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) && _refunds.TryGetValue(key, out var entry)
                ? PaystackApi.Ok("Refund retrieved", entry.ToJson())
                : PaystackApi.Refuse(404, "Refund not found");
        }
    }

    private ResponseMessage List(string? transaction)
    {
        var items = new JsonArray();
        lock (_gate)
        {
            foreach (var entry in _refunds.Values.OrderByDescending(r => r.Id))
            {
                if (transaction is null || entry.TransactionId.ToString(CultureInfo.InvariantCulture) == transaction || entry.TransactionReference == transaction)
                {
                    items.Add(entry.ToJson());
                }
            }
        }

        return PaystackApi.Respond(200, new JsonObject
        {
            ["status"] = true,
            ["message"] = "Refunds retrieved",
            ["data"] = items,
            ["meta"] = new JsonObject { ["total"] = items.Count, ["perPage"] = 100, ["page"] = 1 },
        });
    }

    private void ScheduleStep(long id) => _simulator.Schedule(_simulator.RefundStepDelay, () => Step(id));

    /// <summary>Moves a refund to its next status, journals it, gives the money back when processed, and sends its webhook.</summary>
    private void Step(long id)
    {
        PaystackRefundEntry entry;
        lock (_gate)
        {
            if (!_refunds.TryGetValue(id, out entry!) || entry.IsFinal)
            {
                return;
            }

            entry.Status = entry.Next.Dequeue();
            entry.UpdatedAt = _simulator.TimeProvider.GetUtcNow();
        }

        if (entry.Status == "processed")
        {
            _simulator.RecordRefund(entry.ToRefund(_simulator.ProviderName, entry.UpdatedAt));
        }

        Announce(entry);
        if (!entry.IsFinal)
        {
            ScheduleStep(id);
        }
    }

    /// <summary>Journals the refund as it stands and sends its signed webhook (<c>refund.{status}</c>).</summary>
    private void Announce(PaystackRefundEntry entry)
    {
        string body;
        lock (_gate)
        {
            _simulator.Journal(entry.ToJournal());
            body = new JsonObject { ["event"] = "refund." + entry.Status, ["data"] = entry.ToWebhookJson() }.ToJsonString(PaystackTransactionJson.Wire);
        }

        var callback = new SimulatedCallback(_simulator.ProviderName, entry.TransactionReference, entry.Id.ToString(CultureInfo.InvariantCulture), "POST", _simulator.CallbackUrl, body, 0, _simulator.TimeProvider.GetUtcNow())
        {
            Event = "refund." + entry.Status,
            Headers = new Dictionary<string, string> { ["x-paystack-signature"] = PaystackSimulator.Sign(body, _simulator.SecretKey) },
        };
        _ = _simulator.SendCallbackAsync(callback); // tracked by the simulator: WhenCallbacksSentAsync waits for it
    }
}
