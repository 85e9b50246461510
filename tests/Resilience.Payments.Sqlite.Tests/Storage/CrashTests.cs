using System.Diagnostics;
using System.IO;

namespace Resilience.Payments.Sqlite.Tests.Storage;

/// <summary>
/// Kills a writing process (SIGKILL, no chance to clean up) at an arbitrary instant and checks that every write it had
/// acknowledged is in the file: "a crash at any instant loses no acknowledged write".
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task KillWriterProcess_MidWrites_EveryAcknowledgedWriteSurvives()
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Resilience.Payments.Sqlite.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(_database.FilePath);
        start.ArgumentList.Add("8");
        var acknowledged = new List<string>();
        using (var process = Process.Start(start)!)
        {
            try
            {
                var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                while (acknowledged.Count < 400)
                {
                    var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken)
                        ?? throw new InvalidOperationException("The writer exited early: " + await stderr);
                    acknowledged.Add(line);
                }

                process.Kill(entireProcessTree: true);

                // Lines printed before the kill were acknowledged too.
                while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
                {
                    acknowledged.Add(line);
                }

                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.NotEqual(0, process.ExitCode);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true); // never leave the writer running
                }
            }
        }

        await using var store = _database.Open();
        foreach (var line in acknowledged)
        {
            var key = line[2..];
            var record = await store.GetAsync(key, CancellationToken.None);
            Assert.True(record is not null, $"acknowledged write lost: {line}");
            if (line[0] == 'u')
            {
                Assert.Equal(PaymentStatus.Succeeded, record.Status);
                Assert.Equal(2, record.Version);
            }
        }

        Assert.True((await store.TryCreateAsync(Records.Minimal("after-crash"), CancellationToken.None)).Created);
    }
}
