namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>
/// The refunds of a <see cref="PesapalSimulator"/>, as Pesapal documents them: COMPLETED payments only, one refund per payment (a
/// rejected one does not count), never more than was paid, mobile-money payments in full only; each awaits the simulated merchant's
/// approval (<see cref="PesapalSimulator.RefundApprovalDelay"/>), after which the payment is REVERSED, the money is recorded in
/// <see cref="ProviderSimulator.Refunds"/> and an IPN is sent.
/// </summary>
internal sealed class PesapalRefundDesk
{
    private readonly Dictionary<string, PesapalSimulatedRefund> _refunds = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly PesapalSimulator _simulator;
    private readonly object _gate;
    private readonly Func<string, PesapalOrder?> _find;
    private int _requests;

    /// <param name="simulator">The simulator.</param>
    /// <param name="gate">The simulator's lock over its orders (refunds are kept under it too).</param>
    /// <param name="find">Finds an order by tracking id or confirmation code, under <paramref name="gate"/>.</param>
    public PesapalRefundDesk(PesapalSimulator simulator, object gate, Func<string, PesapalOrder?> find)
    {
        _simulator = simulator;
        _gate = gate;
        _find = find;
    }

    public IReadOnlyList<PesapalSimulatedRefund> All
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(id => _refunds[id]).ToList();
            }
        }
    }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers <c>RefundRequest</c>, with the faults "the answer lost" and "answered late".</summary>
    public async Task<IResponseMessage> HandleAsync(JsonNode? body)
    {
        Interlocked.Increment(ref _requests);
        var (answer, taken) = Request(body);
        if (taken && _simulator.LoseRefundReplies)
        {
            await _simulator.DelayAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false); // taken; the answer never comes
            return new ResponseMessage { StatusCode = 504 };
        }

        if (_simulator.RefundReplyDelay > TimeSpan.Zero)
        {
            await _simulator.DelayAsync(_simulator.RefundReplyDelay).ConfigureAwait(false);
        }

        return answer;
    }

    /// <summary>Takes a refund request; returns the answer and whether a refund was taken.</summary>
    public (ResponseMessage Answer, bool Taken) Request(JsonNode? body)
    {
        var code = SimulatorJson.Text(body, "confirmation_code");
        var username = SimulatorJson.Text(body, "username");
        var remarks = SimulatorJson.Text(body, "remarks");
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(username) || string.IsNullOrWhiteSpace(remarks)
            || !decimal.TryParse(SimulatorJson.Text(body, "amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return (PesapalApi.Error(400, "invalid_refund_request", "confirmation_code, a positive amount, username and remarks are required"), false);
        }

        PesapalSimulatedRefund refund;
        lock (_gate)
        {
            var order = _find(code);
            if (order is null || order.StatusCode != 1 || !string.Equals(order.ConfirmationCode, code, StringComparison.Ordinal))
            {
                return (Rejected("Refund rejected: no COMPLETED payment has this confirmation code"), false);
            }

            var paid = order.PaidAmount ?? order.Amount;
            var why = amount > paid ? "you can't refund more than what was originally collected"
                : PesapalApi.IsMobileMoney(order.PaymentMethod) && amount != paid ? "a mobile payment can only be refunded in full"
                : _refunds.TryGetValue(order.TrackingId, out var earlier) && earlier.Status != "Rejected" ? "multiple refunds are not allowed"
                : _simulator.RefundRejectMessage;
            if (why is not null)
            {
                return (Rejected("Refund rejected: " + why), false);
            }

            refund = new PesapalSimulatedRefund(order.TrackingId, order.MerchantReference, code, amount, order.PaidCurrency ?? order.Currency, username, remarks, "Pending", _simulator.TimeProvider.GetUtcNow());
            if (!_refunds.ContainsKey(order.TrackingId))
            {
                _order.Add(order.TrackingId);
            }

            _refunds[order.TrackingId] = refund;
        }

        _simulator.Journal(ToJournal(refund));
        if (_simulator.AutoApproveRefunds)
        {
            var trackingId = refund.OrderTrackingId;
            _simulator.Schedule(_simulator.RefundApprovalDelay, () => _simulator.Track(Decide(trackingId, approve: !_simulator.MerchantRejectsRefunds) ?? Task.CompletedTask));
        }

        return (SimulatorJson.Respond(200, new JsonObject { ["status"] = "200", ["message"] = "Refund request successfully" }), true);
    }

    /// <summary>The merchant approves (the payment is REVERSED, the money goes back, an IPN is sent) or rejects a pending refund.</summary>
    /// <returns>The IPN's delivery, or <see langword="null"/> when no refund was pending.</returns>
    public Task? Decide(string trackingIdOrConfirmationCode, bool approve)
    {
        PesapalSimulatedRefund decided;
        PesapalOrder order;
        var now = _simulator.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_find(trackingIdOrConfirmationCode) is not { } found || !_refunds.TryGetValue(found.TrackingId, out var pending) || pending.Status != "Pending")
            {
                return null;
            }

            order = found;
            decided = pending with { Status = approve ? "Approved" : "Rejected", DecidedAt = now };
            _refunds[order.TrackingId] = decided;
            if (approve)
            {
                order.StatusCode = 3;
                order.Description = "Payment reversed";
            }
        }

        _simulator.Journal(ToJournal(decided));
        if (!approve)
        {
            return Task.CompletedTask; // nothing changed on the payment: no IPN
        }

        _simulator.Journal(order.ToJournal());
        _simulator.RecordRefund(ToRefund(_simulator.ProviderName, decided, now));
        return _simulator.SendIpnAsync(order);
    }

    /// <summary>Puts back a journaled refund (after a restart).</summary>
    public void Restore(JsonObject record)
    {
        var refund = new PesapalSimulatedRefund(
            (string)record["orderTrackingId"]!,
            (string)record["merchantReference"]!,
            (string)record["confirmationCode"]!,
            (decimal)record["amount"]!,
            (string)record["currency"]!,
            (string)record["username"]!,
            (string)record["remarks"]!,
            (string)record["status"]!,
            (DateTimeOffset)record["requestedAt"]!)
        {
            DecidedAt = (DateTimeOffset?)record["decidedAt"],
        };
        lock (_gate)
        {
            if (!_refunds.ContainsKey(refund.OrderTrackingId))
            {
                _order.Add(refund.OrderTrackingId);
            }

            _refunds[refund.OrderTrackingId] = refund;
        }

        if (refund.Status == "Approved")
        {
            _simulator.RecordRefund(ToRefund(_simulator.ProviderName, refund, refund.DecidedAt ?? refund.RequestedAt));
        }
        else if (refund.Status == "Pending" && _simulator.AutoApproveRefunds)
        {
            _simulator.Schedule(_simulator.RefundApprovalDelay, () => _simulator.Track(Decide(refund.OrderTrackingId, approve: !_simulator.MerchantRejectsRefunds) ?? Task.CompletedTask));
        }
    }

    public static bool IsRefund(JsonObject record) => record["refund"] is not null;

    private static ResponseMessage Rejected(string message) => SimulatorJson.Respond(200, new JsonObject { ["status"] = "500", ["message"] = message });

    private static SimulatedRefund ToRefund(string provider, PesapalSimulatedRefund refund, DateTimeOffset at) =>
        new(provider, refund.OrderTrackingId, refund.ConfirmationCode, refund.Amount, refund.Currency, at) { MerchantReference = refund.MerchantReference };

    private static JsonObject ToJournal(PesapalSimulatedRefund refund) => new()
    {
        ["id"] = "refund:" + refund.OrderTrackingId,
        ["refund"] = true,
        ["orderTrackingId"] = refund.OrderTrackingId,
        ["merchantReference"] = refund.MerchantReference,
        ["confirmationCode"] = refund.ConfirmationCode,
        ["amount"] = refund.Amount,
        ["currency"] = refund.Currency,
        ["username"] = refund.Username,
        ["remarks"] = refund.Remarks,
        ["status"] = refund.Status,
        ["requestedAt"] = refund.RequestedAt,
        ["decidedAt"] = refund.DecidedAt,
    };
}
