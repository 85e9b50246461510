using System.Globalization;
using System.Text.Json;

namespace CountyParking.Scenarios;

/// <summary>A scenario file that cannot be used: every problem, each naming its JSON path.</summary>
public sealed class ScenarioException(IReadOnlyList<string> errors, string? source = null)
    : Exception($"Invalid scenario{(source is null ? string.Empty : $" '{source}'")}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Reads scenario files strictly: unknown fields and kinds, wrong types and out-of-range values are errors naming them.</summary>
public static class ScenarioParser
{
    public static readonly IReadOnlyList<string> Providers = ["mpesa", "airtel", "paystack", "pesapal"];

    public static readonly IReadOnlyDictionary<string, ScenarioFaultKind> Kinds = new Dictionary<string, ScenarioFaultKind>(StringComparer.Ordinal)
    {
        ["down"] = ScenarioFaultKind.Down,
        ["http-503"] = ScenarioFaultKind.Http503,
        ["spike-arrest"] = ScenarioFaultKind.SpikeArrest,
        ["slow"] = ScenarioFaultKind.Slow,
        ["timeout-after-accept"] = ScenarioFaultKind.TimeoutAfterAccept,
        ["decline"] = ScenarioFaultKind.Decline,
        ["queue-then-process"] = ScenarioFaultKind.QueueThenProcess,
    };

    /// <summary>The providers whose simulator holds requests in a queue (<c>queue-then-process</c>).</summary>
    public static readonly IReadOnlyList<string> QueueingProviders = ["airtel"];

    /// <summary>Decline codes per provider (providers.md) whose class is Declined; Paystack and Pesapal take any reason text.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DeclineCodes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["mpesa"] = ["1", "2", "3", "4", "8", "17", "1019", "1032", "1037", "2001", "8006"],
        ["airtel"] = ["DP00800001002", "DP00800001003", "DP00800001004", "DP00800001005", "DP00800001007", "DP00800001008", "DP00800001009", "DP00800001010", "DP00800001024", "DP00800001029"],
    };

    private static readonly string[] TopFields = ["seed", "payments", "concurrency", "durationSeconds", "amount", "payers", "faults", "callbacks", "refunds", "lateSuccesses", "paidTwice"];
    private static readonly string[] RefundFields = ["share", "partial"];
    private static readonly string[] LateSuccessFields = ["provider", "rate", "from", "to", "afterMs"];
    private static readonly string[] AmountFields = ["min", "max"];
    private static readonly string[] PayerFields = ["mpesa", "airtel", "card"];
    private static readonly string[] FaultFields = ["provider", "from", "to", "kind", "rate", "latencyMs", "code"];
    private static readonly string[] CallbackFields = ["loss", "duplicate", "delayMs"];

    public static Scenario ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException([$"cannot read the file: {ex.Message}"], path);
        }

        return Parse(text, path);
    }

    public static Scenario Parse(string json, string? source = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new ScenarioException([$"not valid JSON: {ex.Message}"], source);
        }

        using (document)
        {
            var errors = new List<string>();
            var scenario = Read(document.RootElement, errors);
            if (errors.Count > 0)
            {
                throw new ScenarioException(errors, source);
            }

            return scenario!;
        }
    }

    private static Scenario? Read(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"$: expected an object, got {Describe(root)}");
            return null;
        }

        CheckFields(root, "$", TopFields, errors);
        var defaults = new Scenario();
        var seed = Int(root, "$", "seed", defaults.Seed, int.MinValue, int.MaxValue, errors);
        var payments = Int(root, "$", "payments", defaults.Payments, 1, 1_000_000, errors);
        var concurrency = Int(root, "$", "concurrency", defaults.Concurrency, 1, 1024, errors);
        var duration = Number(root, "$", "durationSeconds", defaults.DurationSeconds, 0.001, 86_400, errors);

        var amount = defaults.Amount;
        if (Object(root, "$", "amount", errors) is { } a)
        {
            CheckFields(a, "$.amount", AmountFields, errors);
            var min = Int(a, "$.amount", "min", amount.Min, 1, 250_000, errors);
            var max = Int(a, "$.amount", "max", amount.Max, 1, 250_000, errors);
            if (min > max)
            {
                errors.Add($"$.amount: min ({min}) is greater than max ({max})");
            }

            amount = new AmountRange(min, max);
        }

        var payers = defaults.Payers;
        if (Object(root, "$", "payers", errors) is { } p)
        {
            CheckFields(p, "$.payers", PayerFields, errors);
            var has = p.EnumerateObject().Any();
            payers = new PayerMix(
                Number(p, "$.payers", "mpesa", has ? 0 : payers.Mpesa, 0, 1, errors),
                Number(p, "$.payers", "airtel", has ? 0 : payers.Airtel, 0, 1, errors),
                Number(p, "$.payers", "card", has ? 0 : payers.Card, 0, 1, errors));
            var sum = payers.Mpesa + payers.Airtel + payers.Card;
            if (Math.Abs(sum - 1) > 0.001)
            {
                errors.Add($"$.payers: the shares must add up to 1, got {sum.ToString("0.###", CultureInfo.InvariantCulture)}");
            }
        }

        var faults = new List<ScenarioFault>();
        if (root.TryGetProperty("faults", out var f))
        {
            if (f.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"$.faults: expected an array, got {Describe(f)}");
            }
            else
            {
                var i = 0;
                foreach (var item in f.EnumerateArray())
                {
                    if (ReadFault(item, $"$.faults[{i}]", duration, errors) is { } fault)
                    {
                        faults.Add(fault);
                    }

                    i++;
                }
            }
        }

        var callbacks = defaults.Callbacks;
        if (Object(root, "$", "callbacks", errors) is { } c)
        {
            CheckFields(c, "$.callbacks", CallbackFields, errors);
            var loss = Number(c, "$.callbacks", "loss", 0, 0, 1, errors);
            var duplicate = Number(c, "$.callbacks", "duplicate", 0, 0, 1, errors);
            var (dmin, dmax) = (callbacks.DelayMinMs, callbacks.DelayMaxMs);
            if (Object(c, "$.callbacks", "delayMs", errors) is { } d)
            {
                CheckFields(d, "$.callbacks.delayMs", AmountFields, errors);
                dmin = Int(d, "$.callbacks.delayMs", "min", dmin, 0, 600_000, errors);
                dmax = Int(d, "$.callbacks.delayMs", "max", dmax, 0, 600_000, errors);
                if (dmin > dmax)
                {
                    errors.Add($"$.callbacks.delayMs: min ({dmin}) is greater than max ({dmax})");
                }
            }

            callbacks = new CallbackFaults(loss, duplicate, dmin, dmax);
        }

        var refunds = defaults.Refunds;
        if (Object(root, "$", "refunds", errors) is { } r)
        {
            CheckFields(r, "$.refunds", RefundFields, errors);
            refunds = new RefundMix(Number(r, "$.refunds", "share", 0, 0, 1, errors), Number(r, "$.refunds", "partial", 0, 0, 1, errors));
        }

        var late = Object(root, "$", "lateSuccesses", errors) is { } l ? ReadLateSuccesses(l, "$.lateSuccesses", duration, errors) : null;
        var paidTwice = Number(root, "$", "paidTwice", 0, 0, 0.5, errors);

        return new Scenario
        {
            Refunds = refunds,
            LateSuccesses = late,
            PaidTwice = paidTwice,
            Seed = seed,
            Payments = payments,
            Concurrency = concurrency,
            DurationSeconds = duration,
            Amount = amount,
            Payers = payers,
            Faults = faults,
            Callbacks = callbacks,
        };
    }

    private static ScenarioFault? ReadFault(JsonElement item, string path, double duration, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object, got {Describe(item)}");
            return null;
        }

        var before = errors.Count;
        CheckFields(item, path, FaultFields, errors);
        var provider = RequiredString(item, path, "provider", errors);
        if (provider is not null && !Providers.Contains(provider, StringComparer.Ordinal))
        {
            errors.Add($"{path}.provider: unknown provider '{provider}' (expected one of: {string.Join(", ", Providers)})");
        }

        var kindText = RequiredString(item, path, "kind", errors);
        ScenarioFaultKind kind = default;
        if (kindText is not null && !Kinds.TryGetValue(kindText, out kind))
        {
            errors.Add($"{path}.kind: unknown kind '{kindText}' (expected one of: {string.Join(", ", Kinds.Keys)})");
            kindText = null;
        }

        if (!item.TryGetProperty("from", out _))
        {
            errors.Add($"{path}.from: required");
        }

        if (!item.TryGetProperty("to", out _))
        {
            errors.Add($"{path}.to: required");
        }

        var from = Number(item, path, "from", 0, 0, 86_400, errors);
        var to = Number(item, path, "to", duration, 0, 86_400, errors);
        if (item.TryGetProperty("from", out _) && item.TryGetProperty("to", out _) && from >= to)
        {
            errors.Add($"{path}: from ({from.ToString(CultureInfo.InvariantCulture)}) must be before to ({to.ToString(CultureInfo.InvariantCulture)})");
        }

        var rate = Number(item, path, "rate", 1, 0, 1, errors);
        int? latency = null;
        string? code = null;
        var timed = kind is ScenarioFaultKind.Slow or ScenarioFaultKind.QueueThenProcess;
        if (item.TryGetProperty("latencyMs", out _))
        {
            if (kindText is not null && !timed)
            {
                errors.Add($"{path}.latencyMs: applies only to kinds slow and queue-then-process, not {kindText}");
            }

            latency = Int(item, path, "latencyMs", 0, 1, 600_000, errors);
        }
        else if (kindText is not null && timed)
        {
            errors.Add($"{path}.latencyMs: required for kind {kindText}");
        }

        if (kindText is not null && kind == ScenarioFaultKind.QueueThenProcess && provider is not null && Providers.Contains(provider, StringComparer.Ordinal)
            && !QueueingProviders.Contains(provider, StringComparer.Ordinal))
        {
            errors.Add($"{path}.kind: queue-then-process is simulated for {string.Join(", ", QueueingProviders)} only, not {provider}");
        }

        if (item.TryGetProperty("code", out _))
        {
            if (kindText is not null && kind != ScenarioFaultKind.Decline)
            {
                errors.Add($"{path}.code: applies only to kind decline, not {kindText}");
            }

            code = RequiredString(item, path, "code", errors);
            if (code is not null && provider is not null && DeclineCodes.TryGetValue(provider, out var known) && !known.Contains(code, StringComparer.Ordinal))
            {
                errors.Add($"{path}.code: '{code}' is not a {provider} decline code (expected one of: {string.Join(", ", known)})");
            }
        }
        else if (kindText is not null && kind == ScenarioFaultKind.Decline)
        {
            errors.Add($"{path}.code: required for kind decline");
        }

        return errors.Count == before ? new ScenarioFault(provider!, from, to, kind, rate, latency, code) : null;
    }

    private static LateSuccesses? ReadLateSuccesses(JsonElement item, string path, double duration, List<string> errors)
    {
        var before = errors.Count;
        CheckFields(item, path, LateSuccessFields, errors);
        var provider = item.TryGetProperty("provider", out _) ? RequiredString(item, path, "provider", errors) : QueueingProviders[0];
        if (provider is not null && !QueueingProviders.Contains(provider, StringComparer.Ordinal))
        {
            errors.Add($"{path}.provider: late successes are simulated for {string.Join(", ", QueueingProviders)} only (its queue), not {provider}");
        }

        var rate = Number(item, path, "rate", 0, 0, 1, errors);
        var from = Number(item, path, "from", 0, 0, 86_400, errors);
        var to = Number(item, path, "to", duration, 0, 86_400, errors);
        if (from >= to)
        {
            errors.Add($"{path}: from ({from.ToString(CultureInfo.InvariantCulture)}) must be before to ({to.ToString(CultureInfo.InvariantCulture)})");
        }

        if (!item.TryGetProperty("afterMs", out _))
        {
            errors.Add($"{path}.afterMs: required (how long the provider holds a collection before charging it; past the settle window)");
        }

        var after = Int(item, path, "afterMs", 1, 1, 600_000, errors);
        return errors.Count == before ? new LateSuccesses(provider!, rate, from, to, after) : null;
    }

    private static void CheckFields(JsonElement element, string path, string[] known, List<string> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"{path}.{property.Name}: unknown field '{property.Name}' (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    private static JsonElement? Object(JsonElement parent, string path, string name, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.{name}: expected an object, got {Describe(value)}");
            return null;
        }

        return value;
    }

    private static string? RequiredString(JsonElement parent, string path, string name, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            errors.Add($"{path}.{name}: required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"{path}.{name}: expected a non-empty string, got {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    private static int Int(JsonElement parent, string path, string name, int fallback, int min, int max, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors.Add($"{path}.{name}: expected a whole number, got {Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            errors.Add($"{path}.{name}: {number} is out of range ({min} to {max})");
            return fallback;
        }

        return number;
    }

    private static double Number(JsonElement parent, string path, string name, double fallback, double min, double max, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || double.IsNaN(number) || double.IsInfinity(number))
        {
            errors.Add($"{path}.{name}: expected a number, got {Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            errors.Add($"{path}.{name}: {number.ToString(CultureInfo.InvariantCulture)} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
            return fallback;
        }

        return number;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
