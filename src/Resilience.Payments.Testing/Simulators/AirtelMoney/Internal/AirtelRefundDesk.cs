namespace Resilience.Payments.Testing.Simulators.AirtelMoney.Internal;

/// <summary>
/// The refunds of an <see cref="AirtelMoneySimulator"/>: one refund per successful collection, named by its
/// <c>airtel_money_id</c>, always of the whole amount; processed <see cref="AirtelMoneySimulator.RefundDelay"/> later on the
/// simulator's clock, then recorded in <see cref="ProviderSimulator.Refunds"/> and called back.
/// </summary>
internal sealed class AirtelRefundDesk
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AirtelMoneySimulatedRefund> _refunds = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly AirtelMoneySimulator _simulator;

    public AirtelRefundDesk(AirtelMoneySimulator simulator) => _simulator = simulator;

    /// <summary>Gets every refund, in arrival order.</summary>
    public IReadOnlyList<AirtelMoneySimulatedRefund> All
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(id => _refunds[id]).ToList();
            }
        }
    }

    /// <summary>Finds a refund by its id.</summary>
    public AirtelMoneySimulatedRefund? Find(string id)
    {
        lock (_gate)
        {
            return _refunds.GetValueOrDefault(id);
        }
    }

    /// <summary>Takes a refund request: the checks, the books, and the answer (documented: <c>status</c> "SUCCESS", <c>ESB000010</c>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="findCharge">Finds a successful collection by its <c>airtel_money_id</c>.</param>
    /// <param name="idTaken">Whether a collection already has the id.</param>
    /// <returns>The answer, and whether a refund was created.</returns>
    public (ResponseMessage Answer, bool Created) Refund(IRequestMessage request, Func<string, AirtelMoneySimulatedTransaction?> findCharge, Func<string, bool> idTaken)
    {
        if (!SimulatorJson.TryParse(request, out var body) || body?["transaction"] is not JsonObject transaction)
        {
            return (AirtelApi.Error(400, "Invalid request body", "ESB000008"), false);
        }

        if (SimulatorJson.Text(transaction, "airtel_money_id") is not { } moneyId || string.IsNullOrWhiteSpace(moneyId))
        {
            return (AirtelApi.Error(400, "Mandatory field missing: transaction.airtel_money_id", "ESB000008"), false);
        }

        if (SimulatorJson.Header(request, "X-Country") is not { Length: > 0 })
        {
            return (AirtelApi.Error(400, "Invalid Country Name", "ESB000034"), false);
        }

        var charge = findCharge(moneyId);
        if (charge is null)
        {
            return (AirtelApi.Error(200, "No Transaction Found With Provided Transaction Id", "ESB000045"), false);
        }

        if (!string.Equals(SimulatorJson.Header(request, "X-Currency"), charge.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return (AirtelApi.Error(400, "Invalid Currency Code", "ESB000035"), false);
        }

        var id = SimulatorJson.Text(transaction, "id") is { Length: > 0 } given ? given : "RF" + _simulator.Random.NextString(12, "0123456789");
        var decline = _simulator.RefundDeclineCode;
        if (decline is not null && AirtelApi.SynchronousDeclines.Contains(decline))
        {
            return (AirtelApi.Error(200, "Transaction failed", "ESB000011", decline), false);
        }

        AirtelMoneySimulatedRefund created;
        lock (_gate)
        {
            if (_refunds.ContainsKey(id) || idTaken(id))
            {
                return (AirtelApi.Error(200, "Transaction ID already exists", "ESB000041"), false);
            }

            // Once per collection: a refund in progress or done refuses a second one.
            if (_refunds.Values.Any(r => r.ChargeId == charge.Id && r.Status != "TF"))
            {
                return (AirtelApi.Error(200, "Transaction already refunded", "ESB000011", "DP00800001008"), false);
            }

            created = new AirtelMoneySimulatedRefund(id, charge.Id, moneyId, "TIP", AirtelApi.InProcess, charge.Amount, charge.Currency, _simulator.TimeProvider.GetUtcNow());
            _refunds[id] = created;
            _order.Add(id);
        }

        _simulator.Journal(AirtelApi.ToJournal(created));
        _simulator.Schedule(_simulator.RefundDelay, () => Complete(id, decline));
        var answer = SimulatorJson.Respond(200, new JsonObject
        {
            ["data"] = new JsonObject { ["transaction"] = new JsonObject { ["airtel_money_id"] = moneyId, ["status"] = "SUCCESS" } },
            ["status"] = AirtelApi.Status(200, "SUCCESS", "ESB000010", null, success: false), // as Airtel's published sample
        });
        return (answer, true);
    }

    /// <summary>Ends a refund in progress now; returns its callback's delivery, or <see langword="null"/> when none was in progress.</summary>
    public Task<int>? Complete(string id, string? declineCode)
    {
        AirtelMoneySimulatedRefund completed;
        var now = _simulator.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_refunds.TryGetValue(id, out var refund) || refund.Status != "TIP")
            {
                return null;
            }

            completed = declineCode is null
                ? refund with { Status = "TS", ResponseCode = AirtelApi.Success, AirtelMoneyId = "RF" + now.ToString("yyMMdd", CultureInfo.InvariantCulture) + "." + _simulator.Random.NextString(6, "0123456789"), CompletedAt = now }
                : refund with { Status = "TF", ResponseCode = declineCode, CompletedAt = now };
            _refunds[id] = completed;
        }

        _simulator.Journal(AirtelApi.ToJournal(completed));
        if (completed.Status == "TS")
        {
            _simulator.RecordRefund(AirtelApi.ToRefund(_simulator.ProviderName, completed, now));
        }

        return _simulator.CallbackUrl is { } url
            ? _simulator.SendCallbackAsync(new SimulatedCallback(_simulator.ProviderName, completed.Id, completed.AirtelMoneyId, "POST", url, AirtelApi.CallbackBody(completed), 0, now))
            : Task.FromResult(0);
    }

    /// <summary>Puts back a journaled refund (after a restart).</summary>
    public void Restore(AirtelMoneySimulatedRefund refund)
    {
        lock (_gate)
        {
            if (!_refunds.ContainsKey(refund.Id))
            {
                _order.Add(refund.Id);
            }

            _refunds[refund.Id] = refund;
        }

        if (refund.Status == "TIP")
        {
            _simulator.Schedule(_simulator.RefundDelay, () => Complete(refund.Id, _simulator.RefundDeclineCode));
        }
        else if (refund.Status == "TS")
        {
            _simulator.RecordRefund(AirtelApi.ToRefund(_simulator.ProviderName, refund, refund.CompletedAt ?? refund.CreatedAt));
        }
    }
}
