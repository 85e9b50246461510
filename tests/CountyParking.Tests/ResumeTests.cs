using System.Diagnostics;
using CountyParking.Reporting;

namespace CountyParking.Tests;

/// <summary>The sample as a process, killed with SIGKILL mid-run, then run again with the same --store: the audit must be clean.</summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task SigkillMidRun_ThenResumeWithTheSameStore_LeavesACleanAudit()
    {
        var scenario = EndToEndTests.WriteScenario(
            """
            {"provider":"mpesa","from":0,"to":6,"kind":"timeout-after-accept","rate":0.2},
            {"provider":"paystack","from":0,"to":6,"kind":"timeout-after-accept","rate":0.2},
            {"provider":"mpesa","from":1,"to":3,"kind":"down"},
            {"provider":"airtel","from":0,"to":6,"kind":"slow","latencyMs":300}
            """,
            payments: 150,
            seconds: 6);
        var directory = Directory.CreateTempSubdirectory("county-resume-").FullName;
        var store = Path.Combine(directory, "parking.db");
        var json = Path.Combine(directory, "report.json");
        try
        {
            var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "CountyParking.exe" : "CountyParking");
            var start = new ProcessStartInfo(apphost) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var arg in new[] { "--scenario", scenario, "--store", store })
            {
                start.ArgumentList.Add(arg);
            }

            using (var child = Process.Start(start)!)
            {
                var sawProgress = new TaskCompletionSource();
                child.OutputDataReceived += (_, e) =>
                {
                    // The first progress line at 3 s or later (a loaded machine may print 2.9 s, then 4.1 s).
                    if (e.Data is { } line && line.TrimStart().StartsWith("t=", StringComparison.Ordinal)
                        && double.TryParse(line.TrimStart()[2..].TrimStart().Split('s')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                        && seconds >= 3)
                    {
                        sawProgress.TrySetResult();
                    }
                };
                child.ErrorDataReceived += (_, _) => { };
                child.EnableRaisingEvents = true;
                child.Exited += (_, _) => sawProgress.TrySetException(new InvalidOperationException($"The run exited ({child.ExitCode}) before 3 s of progress."));
                child.BeginOutputReadLine();
                child.BeginErrorReadLine();
                await sawProgress.Task.WaitAsync(TimeSpan.FromSeconds(60));
                child.Kill(); // SIGKILL: no shutdown, no flush, no disposal
                await child.WaitForExitAsync();
                Assert.NotEqual(0, child.ExitCode);
            }

            Assert.True(File.Exists(store));
            var journaled = File.ReadAllLines(store + ".ledgers.jsonl").Length;
            Assert.True(journaled > 0, "the killed run had made charges");

            using var output = new StringWriter();
            var exit = await ParkingRun.MainAsync(["--scenario", scenario, "--store", store, "--json", json], output, output);
            var report = ParkingReport.FromJson(await File.ReadAllTextAsync(json));
            Assert.True(exit == 0, output.ToString());
            Assert.True(report.Resumed);
            Assert.Equal(150, report.Payments);
            Assert.Equal(0, report.Audit.DoubleCharged);
            Assert.Equal(0, report.Audit.Lost);
            Assert.Equal(0, report.Audit.Unresolved);
            Assert.Equal(report.Succeeded, report.Audit.Charges);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            File.Delete(scenario);
        }
    }
}
