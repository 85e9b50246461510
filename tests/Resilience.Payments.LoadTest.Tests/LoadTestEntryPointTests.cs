using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Resilience.Payments.LoadTest.Tests;

/// <summary>
/// Runs the load test's entry point for about two seconds with few payers and checks that its JSON report is produced and
/// consistent. Nothing here asserts a time or a rate: only counts that must add up whatever the machine's speed.
/// </summary>
public sealed class LoadTestEntryPointTests
{
    [Fact]
    public async Task Main_ShortRun_WritesAConsistentReport()
    {
        var json = Path.Combine(Path.GetTempPath(), "resilience-loadtest-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var exitCode = await Program.Main(["--payers", "3", "--seconds", "2", "--seed", "7", "--json", json]);

            Assert.Equal(0, exitCode);
            var report = Program.FromJson(await File.ReadAllTextAsync(json));
            Assert.NotNull(report);
            Assert.Equal(new LoadTestOptions { Payers = 3, Seconds = 2, Seed = 7, JsonPath = json }, report.Options);

            foreach (var phase in new[] { report.Direct, report.Gateway, report.Failover.Payments })
            {
                Assert.True(phase.Requests > 0, "every phase completes calls");
                Assert.Equal(0, phase.Errors);
                Assert.True(phase.P50Ms <= phase.P99Ms && phase.P99Ms <= phase.P999Ms, "percentiles are ordered");
            }

            // Every gateway call is accounted for by its status; healthy payments go to Daraja, the first provider.
            Assert.Equal(report.Gateway.Requests, report.GatewayStatuses.Values.Sum());
            Assert.Contains("Pending via mpesa", report.GatewayStatuses.Keys);
            Assert.Equal(report.Failover.Payments.Requests, report.Failover.Statuses.Values.Sum());
            Assert.InRange(report.Failover.ServedByPaystack, 1, report.Failover.Payments.Requests);

            // The added latency is the difference of the two phases' percentiles.
            Assert.Equal(report.Gateway.P50Ms - report.Direct.P50Ms, report.AddedLatency.P50Ms, 6);
            Assert.Equal(report.Gateway.P999Ms - report.Direct.P999Ms, report.AddedLatency.P999Ms, 6);

            // Every Daraja request after the outage began is classified, and none passed an open breaker.
            var f = report.Failover;
            Assert.Equal(f.DarajaRequestsAfterDown, f.DarajaRequestsBeforeOpen + f.InFlightAtOpening + f.HalfOpenProbes + f.LeakedPastOpenBreaker);
            Assert.Equal(0, f.LeakedPastOpenBreaker);
            Assert.Equal(f.TimeToBreakerOpenMs is not null, f.DarajaCircuit.Any(t => t.EndsWith(": Open", StringComparison.Ordinal)));

            // The simulators saw at least the calls that reached them.
            Assert.True(report.PaystackRequests >= f.ServedByPaystack);
            Assert.True(report.DarajaStkPushes >= report.Direct.Requests + report.Gateway.Requests);
            Assert.True(report.PeakWorkingSetBytes > 0);
            Assert.Contains("Gateway's added latency", Program.Format(report), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
