using System.Text.Json.Nodes;
using CountyParking.Scenarios;
using CsCheck;

namespace CountyParking.Tests;

public sealed class ScenarioParserTests
{
    private static readonly string DefaultFile = Path.Combine(AppContext.BaseDirectory, "Scenarios", "default.json");

    [Fact]
    public void DefaultScenario_IsTheIssuesDay()
    {
        var scenario = ScenarioParser.ParseFile(DefaultFile);
        Assert.Equal(7, scenario.Seed);
        Assert.Equal(2000, scenario.Payments);
        Assert.Equal(32, scenario.Concurrency);
        Assert.Equal(30, scenario.DurationSeconds);
        Assert.Equal(new AmountRange(50, 400), scenario.Amount);
        Assert.Equal(new PayerMix(0.7, 0.2, 0.1), scenario.Payers);
        Assert.Equal(6, scenario.Faults.Count);
        Assert.Contains(new ScenarioFault("mpesa", 5, 15, ScenarioFaultKind.Down), scenario.Faults);
        Assert.Contains(new ScenarioFault("mpesa", 0, 30, ScenarioFaultKind.Decline, 0.03, null, "1032"), scenario.Faults);
        Assert.Contains(new ScenarioFault("airtel", 0, 30, ScenarioFaultKind.Slow, 1, 3000), scenario.Faults);
        Assert.Equal(new CallbackFaults(0.1, 0.05, 50, 2000), scenario.Callbacks);
    }

    [Fact]
    public void AirtelOverloadedScenario_IsAirtelSlowedPastTheAttemptTimeoutWithItsQueueHoldingCollections()
    {
        var scenario = ScenarioParser.ParseFile(ParkingRun.ScenarioPath("airtel-overloaded"));
        Assert.Contains(scenario.Faults, f => f is { Provider: "airtel", Kind: ScenarioFaultKind.Slow, LatencyMs: > 5000 }); // past the 5 s attempt timeout
        Assert.Contains(scenario.Faults, f => f is { Provider: "airtel", Kind: ScenarioFaultKind.QueueThenProcess, LatencyMs: 12000 });
        Assert.Contains("airtel-overloaded", ParkingRun.ShippedScenarios);
        Assert.Contains("default", ParkingRun.ShippedScenarios);
        Assert.Equal(DefaultFile, ParkingRun.ScenarioPath(null));
    }

    [Theory]
    [InlineData("""{"seed":1,"colour":"red"}""", "$.colour: unknown field 'colour'")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"explode"}]}""", "$.faults[0].kind: unknown kind 'explode'")]
    [InlineData("""{"faults":[{"provider":"mtn","from":0,"to":1,"kind":"down"}]}""", "$.faults[0].provider: unknown provider 'mtn'")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"down","colour":1}]}""", "$.faults[0].colour: unknown field 'colour'")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":5,"to":1,"kind":"down"}]}""", "$.faults[0]: from (5) must be before to (1)")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"slow"}]}""", "$.faults[0].latencyMs: required for kind slow")]
    [InlineData("""{"faults":[{"provider":"airtel","from":0,"to":1,"kind":"queue-then-process"}]}""", "$.faults[0].latencyMs: required for kind queue-then-process")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"queue-then-process","latencyMs":12000}]}""", "$.faults[0].kind: queue-then-process is simulated for airtel only, not mpesa")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"down","latencyMs":5}]}""", "$.faults[0].latencyMs: applies only to kinds slow and queue-then-process, not down")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"decline","code":"9999"}]}""", "$.faults[0].code: '9999' is not a mpesa decline code")]
    [InlineData("""{"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"down","rate":1.5}]}""", "$.faults[0].rate: 1.5 is out of range")]
    [InlineData("""{"faults":[{"provider":"mpesa","to":1,"kind":"down"}]}""", "$.faults[0].from: required")]
    [InlineData("""{"payments":"many"}""", "$.payments: expected a whole number, got the string \"many\"")]
    [InlineData("""{"payers":{"mpesa":0.5,"airtel":0.2}}""", "$.payers: the shares must add up to 1")]
    [InlineData("""{"amount":{"min":400,"max":50}}""", "$.amount: min (400) is greater than max (50)")]
    [InlineData("""{"callbacks":{"loss":0.1,"lag":3}}""", "$.callbacks.lag: unknown field 'lag'")]
    [InlineData("""[1,2]""", "$: expected an object")]
    [InlineData("""{"seed":""", "not valid JSON")]
    public void Malformed_IsAClearErrorNamingTheField(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(json, "test.json"));
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Contains("test.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse("""{"colour":1,"faults":[{"provider":"x","from":0,"to":1,"kind":"y"}]}"""));
        Assert.Equal(3, error.Errors.Count);
    }

    private static readonly Gen<ScenarioFault> GenFault =
        from provider in Gen.Int[0, 3].Select(i => ScenarioParser.Providers[i])
        from kind in Gen.Enum<ScenarioFaultKind>()
        from from_ in Gen.Int[0, 100]
        from length in Gen.Int[1, 100]
        from rate in Gen.Int[0, 100]
        from latency in Gen.Int[1, 10_000]
        select new ScenarioFault(
            kind == ScenarioFaultKind.QueueThenProcess ? "airtel" : provider,
            from_,
            from_ + length,
            kind,
            rate / 100.0,
            kind is ScenarioFaultKind.Slow or ScenarioFaultKind.QueueThenProcess ? latency : null,
            kind == ScenarioFaultKind.Decline ? (provider == "mpesa" ? "1032" : provider == "airtel" ? "DP00800001007" : "Declined") : null);

    private static readonly Gen<LateSuccesses> GenLateSuccesses =
        from rate in Gen.Int[0, 100]
        from from_ in Gen.Int[0, 100]
        from length in Gen.Int[1, 100]
        from after in Gen.Int[1, 600_000]
        select new LateSuccesses("airtel", rate / 100.0, from_, from_ + length, after);

    private static readonly Gen<Scenario> GenScenario =
        from seed in Gen.Int
        from payments in Gen.Int[1, 100_000]
        from concurrency in Gen.Int[1, 1024]
        from duration in Gen.Int[1, 3600]
        from min in Gen.Int[1, 1000]
        from extra in Gen.Int[0, 1000]
        from mpesa in Gen.Int[0, 100]
        from airtel in Gen.Int[0, 100]
        from faults in GenFault.Array[0, 8]
        from loss in Gen.Int[0, 100]
        from dup in Gen.Int[0, 100]
        from dmin in Gen.Int[0, 5000]
        from dextra in Gen.Int[0, 5000]
        from refundShare in Gen.Int[0, 100]
        from refundPartial in Gen.Int[0, 100]
        from late in GenLateSuccesses.Null()
        from twice in Gen.Int[0, 50]
        let m = mpesa / 100.0
        let a = Math.Min(airtel / 100.0, 1 - m)
        select new Scenario
        {
            Seed = seed,
            Payments = payments,
            Concurrency = concurrency,
            DurationSeconds = duration,
            Amount = new AmountRange(min, min + extra),
            Payers = new PayerMix(m, a, 1 - m - a),
            Faults = faults,
            Callbacks = new CallbackFaults(loss / 100.0, dup / 100.0, dmin, dmin + dextra),
            Refunds = new RefundMix(refundShare / 100.0, refundPartial / 100.0),
            LateSuccesses = late,
            PaidTwice = twice / 100.0,
        };

    [Fact]
    public void AnyValidScenario_RoundTrips()
    {
        GenScenario.Sample(scenario =>
        {
            var parsed = ScenarioParser.Parse(ToJson(scenario).ToJsonString());
            Assert.Equal(scenario with { Faults = [] }, parsed with { Faults = [] });
            Assert.Equal(scenario.Faults, parsed.Faults);
        }, iter: 300);
    }

    [Fact]
    public void AnyUnknownField_AnywhereIsNamed()
    {
        var gen = from scenario in GenScenario.Where(s => s.Faults.Count > 0)
                  from name in Gen.String[Gen.Char['a', 'z'], 3, 10]
                  from place in Gen.Int[0, 4]
                  select (scenario, name, place);
        gen.Sample(x =>
        {
            var json = ToJson(x.scenario);
            var field = "x" + x.name;
            var (node, path) = x.place switch
            {
                0 => (json, "$"),
                1 => ((JsonObject)json["amount"]!, "$.amount"),
                2 => ((JsonObject)json["callbacks"]!, "$.callbacks"),
                3 => ((JsonObject)json["refunds"]!, "$.refunds"),
                _ => ((JsonObject)json["faults"]![0]!, "$.faults[0]"),
            };
            node[field] = 1;
            var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(json.ToJsonString()));
            Assert.Contains($"{path}.{field}: unknown field '{field}'", error.Message, StringComparison.Ordinal);
        }, iter: 200);
    }

    private static JsonObject ToJson(Scenario s)
    {
        var faults = new JsonArray();
        foreach (var f in s.Faults)
        {
            var o = new JsonObject
            {
                ["provider"] = f.Provider,
                ["from"] = f.From,
                ["to"] = f.To,
                ["kind"] = ScenarioParser.Kinds.Single(k => k.Value == f.Kind).Key,
                ["rate"] = f.Rate,
            };
            if (f.LatencyMs is { } l)
            {
                o["latencyMs"] = l;
            }

            if (f.Code is { } c)
            {
                o["code"] = c;
            }

            faults.Add(o);
        }

        var json = new JsonObject
        {
            ["seed"] = s.Seed,
            ["payments"] = s.Payments,
            ["concurrency"] = s.Concurrency,
            ["durationSeconds"] = s.DurationSeconds,
            ["amount"] = new JsonObject { ["min"] = s.Amount.Min, ["max"] = s.Amount.Max },
            ["payers"] = new JsonObject { ["mpesa"] = s.Payers.Mpesa, ["airtel"] = s.Payers.Airtel, ["card"] = s.Payers.Card },
            ["faults"] = faults,
            ["callbacks"] = new JsonObject
            {
                ["loss"] = s.Callbacks.Loss,
                ["duplicate"] = s.Callbacks.Duplicate,
                ["delayMs"] = new JsonObject { ["min"] = s.Callbacks.DelayMinMs, ["max"] = s.Callbacks.DelayMaxMs },
            },
            ["refunds"] = new JsonObject { ["share"] = s.Refunds.Share, ["partial"] = s.Refunds.Partial },
            ["paidTwice"] = s.PaidTwice,
        };
        if (s.LateSuccesses is { } late)
        {
            json["lateSuccesses"] = new JsonObject { ["provider"] = late.Provider, ["rate"] = late.Rate, ["from"] = late.From, ["to"] = late.To, ["afterMs"] = late.AfterMs };
        }

        return json;
    }

    [Theory]
    [InlineData("""{"refunds":{"share":1.5}}""", "$.refunds.share: 1.5 is out of range (0 to 1)")]
    [InlineData("""{"refunds":{"share":0.1,"full":0.5}}""", "$.refunds.full: unknown field 'full'")]
    [InlineData("""{"refunds":0.1}""", "$.refunds: expected an object, got the number 0.1")]
    [InlineData("""{"paidTwice":0.9}""", "$.paidTwice: 0.9 is out of range (0 to 0.5)")]
    [InlineData("""{"lateSuccesses":{"rate":0.1,"from":0,"to":5}}""", "$.lateSuccesses.afterMs: required")]
    [InlineData("""{"lateSuccesses":{"provider":"mpesa","rate":0.1,"from":0,"to":5,"afterMs":20000}}""", "$.lateSuccesses.provider: late successes are simulated for airtel only")]
    [InlineData("""{"lateSuccesses":{"rate":0.1,"from":5,"to":5,"afterMs":20000}}""", "$.lateSuccesses: from (5) must be before to (5)")]
    [InlineData("""{"lateSuccesses":{"rate":2,"from":0,"to":5,"afterMs":20000}}""", "$.lateSuccesses.rate: 2 is out of range (0 to 1)")]
    public void RefundFields_BadValues_AreNamed(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(json));
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void RefundFields_AreRead_AndDefaultToNone()
    {
        var parsed = ScenarioParser.Parse("""{"refunds":{"share":0.05,"partial":0.4},"lateSuccesses":{"rate":0.1,"from":0,"to":6,"afterMs":22000},"paidTwice":0.01}""");
        Assert.Equal(new RefundMix(0.05, 0.4), parsed.Refunds);
        Assert.Equal(new LateSuccesses("airtel", 0.1, 0, 6, 22000), parsed.LateSuccesses);
        Assert.Equal(0.01, parsed.PaidTwice);

        var none = ScenarioParser.Parse("{}");
        Assert.Equal(new RefundMix(0, 0), none.Refunds);
        Assert.Null(none.LateSuccesses);
        Assert.Equal(0, none.PaidTwice);
    }

    [Fact]
    public void DefaultScenario_AsksForAModestShareOfRefundsLateSuccessesAndSecondPayments()
    {
        var scenario = ScenarioParser.ParseFile(ParkingRun.ScenarioPath(null));
        Assert.InRange(scenario.Refunds.Share, 0.01, 0.1);
        Assert.NotNull(scenario.LateSuccesses);
        Assert.InRange(scenario.LateSuccesses!.Rate, 0.01, 0.3);
        Assert.InRange(scenario.PaidTwice, 0.001, 0.05);
    }
}
