using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// The proof that several instances can share one PostgreSQL store: three gateway processes drain 10,000 queued payments
/// while the provider recovers from an outage; one is killed (SIGKILL) mid-way and its leases are taken over; every payment
/// is charged exactly once according to ledgers that live outside the processes.
/// </summary>
public sealed class MultiInstanceTests(PostgreSqlFixture database, ITestOutputHelper output) : IClassFixture<PostgreSqlFixture>
{
    private const int Payments = 10_000;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ThreeProcesses_Drain10000QueuedPayments_WithOneKilled_ChargeEachExactlyOnce()
    {
        database.RequireDatabase();
        var ct = TestContext.Current.CancellationToken;
        var schema = database.NewSchema();
        var ledgers = Directory.CreateTempSubdirectory("resilience-pg-ledgers-").FullName;
        var report = new StringBuilder();
        void Report(string line)
        {
            report.AppendLine(line);
            output.WriteLine(line);
        }

        // Seed: 10,000 queued payments due now, written through the store.
        await using var store = database.CreateStore(schema);
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Payments), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"mi-{i:D5}");
            var (_, created) = await store.TryCreateAsync(TestRecords.Queued(key, now.AddTicks(i), now), token);
            Assert.True(created);
        });
        Report($"seeded {Payments} queued payments in {clock.Elapsed.TotalSeconds:F1} s");

        // Three instances; each one's provider is down for 3 s from its first charge request, then recovers.
        const string Outage = "3000";
        string[] names = ["w1", "w2", "w3"];
        clock.Restart();
        var workers = names.Select(name => WorkerProcess.Start(database.ConnectionString!, schema, name, ledgers, Outage)).ToArray();
        try
        {
            // Kill w1 (SIGKILL) once it has charged some payments, at a moment when it holds leases: freeze it (SIGSTOP), look at
            // its leases in the database, and kill it frozen; if it happens to hold none, let it run on (SIGCONT) and try again.
            var victim = workers[0];
            var killDeadline = Stopwatch.StartNew();
            List<string> orphaned;
            while (true)
            {
                Assert.False(victim.Process.HasExited, "w1 exited before it could be killed: " + victim.Output);
                Assert.True(killDeadline.Elapsed < TimeSpan.FromMinutes(2), "w1 charged nothing within 2 minutes: " + victim.Output);
                if (LedgerLines(ledgers, "w1").Count >= 300)
                {
                    await Signal("STOP", victim.Process.Id);
                    orphaned = await KeysLeasedBy(schema, "w1");
                    if (orphaned.Count > 0)
                    {
                        break;
                    }

                    await Signal("CONT", victim.Process.Id);
                }

                await Task.Delay(20, ct);
            }

            victim.Process.Kill(entireProcessTree: false); // SIGKILL
            await victim.Process.WaitForExitAsync(ct);
            var killedAt = clock.Elapsed;
            var killedAtTime = DateTimeOffset.UtcNow;
            var w1ChargesAtKill = LedgerLines(ledgers, "w1").Count;
            Report($"killed w1 at {killedAt.TotalSeconds:F1} s after {w1ChargesAtKill} charges (w2 {LedgerLines(ledgers, "w2").Count}, w3 {LedgerLines(ledgers, "w3").Count}); it held leases on {orphaned.Count} payments");

            foreach (var survivor in workers.Skip(1))
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(DrainLimit - clock.Elapsed);
                try
                {
                    await survivor.Process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Assert.Fail($"{survivor.Name} did not finish draining within {DrainLimit}: {await database.ExecuteScalarAsync($"SELECT string_agg(status || ':' || n, ', ') FROM (SELECT status, count(*) n FROM \"{schema}\".payments GROUP BY status) c")}\n{survivor.Output}");
                }

                Assert.True(survivor.Process.ExitCode == 0, $"{survivor.Name} exited with {survivor.Process.ExitCode}: {survivor.Output}");
            }

            var drained = clock.Elapsed;

            // Every payment succeeded, and the ledgers (outside the processes) show each charged exactly once.
            var counts = await store.CountByStatusAsync(ct);
            Assert.Equal(Payments, counts.GetValueOrDefault(PaymentStatus.Succeeded));
            var perInstance = names.ToDictionary(n => n, n => LedgerLines(ledgers, n));
            var chargesPerKey = perInstance.Values.SelectMany(lines => lines)
                .Select(line => line.Split(' ')[0])
                .Select(reference => reference[..reference.LastIndexOf('-')])
                .GroupBy(key => key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var duplicates = chargesPerKey.Where(p => p.Value > 1).ToList();
            Assert.True(duplicates.Count == 0, $"charged more than once: {string.Join(", ", duplicates.Take(20).Select(d => $"{d.Key} x{d.Value}"))}");
            Assert.Equal(Payments, chargesPerKey.Count);
            foreach (var name in names)
            {
                Assert.True(perInstance[name].Count > 0, $"{name} charged nothing");
            }

            // The killed instance's work was taken over: every payment it held is final and released, and the records agree with the ledgers.
            var takenOverAfter = TimeSpan.MaxValue;
            var takenOverByCharge = 0;
            var settledByStatusQuery = 0;
            foreach (var key in orphaned)
            {
                var record = await store.GetAsync(key, ct);
                Assert.Equal(PaymentStatus.Succeeded, record!.Status);
                Assert.Null(record.LeaseOwner);
                var deciding = record.DecidingAttempt!;
                takenOverAfter = TimeSpan.FromTicks(Math.Min(takenOverAfter.Ticks, (record.UpdatedAt - killedAtTime).Ticks));
                if (deciding.Source == OutcomeSource.StatusQuery)
                {
                    settledByStatusQuery++;
                }
                else
                {
                    takenOverByCharge++;
                }
            }

            Report($"drained in {drained.TotalSeconds:F1} s ({Payments / drained.TotalSeconds:F0} payments/s); charges: "
                + string.Join(", ", names.Select(n => $"{n}={perInstance[n].Count}")) + $"; duplicates: {duplicates.Count}");
            Report($"w1's {orphaned.Count} leased payments: {takenOverByCharge} charged by another instance after its leases expired, "
                + $"{settledByStatusQuery} found already charged by a status query; the first settled {takenOverAfter.TotalSeconds:F1} s after the kill (lease 11 s)");
            Report($"queue rounds > 0 (hit the outage): {(await database.ExecuteScalarAsync($"SELECT count(*) FROM \"{schema}\".payments WHERE queue_rounds > 0"))}");
            foreach (var worker in workers.Skip(1))
            {
                Report(worker.Output.Trim());
            }

            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "resilience-pg-multi-instance.txt"), report.ToString(), ct);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            Directory.Delete(ledgers, recursive: true);
        }
    }

    private static List<string> LedgerLines(string directory, string instance)
    {
        var path = Path.Combine(directory, instance + ".ledger");
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {processId}") { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {processId} failed");
    }

    private async Task<List<string>> KeysLeasedBy(string schema, string instance)
    {
        // string_agg over no rows is NULL (DBNull): the instance holds no lease at this moment.
        var keys = await database.ExecuteScalarAsync(
            $"SELECT string_agg(key, ',') FROM \"{schema}\".payments WHERE lease_owner LIKE '{instance}/%'");
        return keys is string list ? list.Split(',').ToList() : [];
    }

    private sealed class WorkerProcess : IDisposable
    {
        private readonly StringBuilder _output = new();

        private WorkerProcess(string name, Process process)
        {
            Name = name;
            Process = process;
        }

        public string Name { get; }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static WorkerProcess Start(string connectionString, string schema, string name, string ledgers, string outage)
        {
            // The worker is built next to this assembly's project: tests/<worker>/bin/<configuration>/<tfm>/.
            var workerDirectory = AppContext.BaseDirectory.Replace("Resilience.Payments.PostgreSql.Tests", "Resilience.Payments.PostgreSql.Worker", StringComparison.Ordinal);
            var dll = Path.Combine(workerDirectory, "Resilience.Payments.PostgreSql.Worker.dll");
            Assert.True(File.Exists(dll), $"The worker is not built at {dll}.");
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])[dll, connectionString, schema, name, ledgers, outage])
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            var worker = new WorkerProcess(name, process);
            process.OutputDataReceived += (_, e) => worker.Append(e.Data);
            process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
