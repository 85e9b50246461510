using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;

namespace Resilience.Payments.LoadTest;

/// <summary>The load test's entry point: <c>--payers N --seconds N --seed N [--json FILE]</c>.</summary>
public static class Program
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Runs the load test, prints the report, and writes it as JSON when asked.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 when done, 2 on a bad command line.</returns>
    public static async Task<int> Main(string[] args)
    {
        LoadTestOptions options;
        try
        {
            options = LoadTestOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        var report = await LoadTestRunner.RunAsync(options, Console.WriteLine).ConfigureAwait(false);
        Console.WriteLine(Format(report));
        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, ToJson(report)).ConfigureAwait(false);
            Console.WriteLine($"JSON report: {Path.GetFullPath(path)}");
        }

        return 0;
    }

    /// <summary>The report as JSON (camelCase, enums as names).</summary>
    public static string ToJson(LoadTestReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static LoadTestReport? FromJson(string json) => JsonSerializer.Deserialize<LoadTestReport>(json, Json);

    /// <summary>The report as text.</summary>
    public static string Format(LoadTestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var f = report.Failover;
        var w = new StringWriter(c);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load test: {report.Options.Payers} payers, {report.Options.Seconds} s (3 phases), seed {report.Options.Seed}; breaker: {report.BreakerSettings}"));
        w.WriteLine("| phase | calls | errors | calls/s | p50 ms | p99 ms | p99.9 ms |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Row(w, "1. Daraja adapter -> simulator (direct)", report.Direct);
        Row(w, "2. gateway -> Daraja adapter -> simulator", report.Gateway);
        Row(w, "3. gateway, Daraja down -> failover to Paystack", f.Payments);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Gateway's added latency (phase 2 - phase 1): p50 {report.AddedLatency.P50Ms:0.###} ms, p99 {report.AddedLatency.P99Ms:0.###} ms, p99.9 {report.AddedLatency.P999Ms:0.###} ms"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Phase 2 statuses: {string.Join(", ", report.GatewayStatuses)}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Phase 3 statuses: {string.Join(", ", f.Statuses)}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Failover: breaker open {(f.TimeToBreakerOpenMs is { } ms ? ms.ToString("0.0", c) + " ms" : "never")} after Daraja went down; Daraja HTTP requests after down {f.DarajaRequestsAfterDown} (before open {f.DarajaRequestsBeforeOpen}, in flight at opening {f.InFlightAtOpening}, half-open probes {f.HalfOpenProbes}, let through while open {f.LeakedPastOpenBreaker}); served by Paystack {f.ServedByPaystack}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Daraja circuit: {string.Join("; ", f.DarajaCircuit)}"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulators: Daraja STK pushes {report.DarajaStkPushes}, Paystack requests {report.PaystackRequests}; peak working set {report.PeakWorkingSetBytes / (1024.0 * 1024.0):0.0} MiB"));
        return w.ToString();
    }

    private static void Row(StringWriter w, string name, PhaseReport p) =>
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p.Requests} | {p.Errors} | {p.PerSecond:0.0} | {p.P50Ms:0.###} | {p.P99Ms:0.###} | {p.P999Ms:0.###} |"));
}
