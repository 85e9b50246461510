using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace CountyParking.Tests;

/// <summary>samples/ProviderSimulator as a process: the four APIs, the control endpoint, the ledgers as JSON.</summary>
public sealed class ProviderSimulatorProcessTests
{
    [Fact]
    public async Task StandaloneSimulators_ServeTheFourApisAndTheirLedgers()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ProviderSimulator.exe" : "ProviderSimulator");
        var start = new ProcessStartInfo(apphost) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", "0", "--scenario", Path.Combine(AppContext.BaseDirectory, "Scenarios", "default.json") })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        try
        {
            // --port 0: the process takes a free control port itself and prints it (no port picked here and raced for).
            var control = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new StringBuilder();
            child.OutputDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                if (e.Data is { } line && line.IndexOf("control http://", StringComparison.Ordinal) is var at and >= 0)
                {
                    control.TrySetResult(new Uri(line[(at + "control ".Length)..].Split(' ')[0]));
                }
            };
            child.ErrorDataReceived += (_, e) =>
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            };
            child.EnableRaisingEvents = true;
            child.Exited += (_, _) => control.TrySetException(new InvalidOperationException($"The simulator exited ({child.ExitCode}) before it started:\n{output}"));
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = await control.Task.WaitAsync(TimeSpan.FromSeconds(60)) };
            using var apis = JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative)));
            foreach (var provider in new[] { "mpesa", "airtel", "paystack", "pesapal" })
            {
                Assert.StartsWith("http://", apis.RootElement.GetProperty(provider).GetProperty("baseUrl").GetString(), StringComparison.Ordinal);
            }

            // A card charge straight at the Paystack API: it lands in Paystack's ledger.
            var paystack = apis.RootElement.GetProperty("paystack");
            using var charge = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(paystack.GetProperty("baseUrl").GetString()!), "charge"))
            {
                Content = new StringContent("""{"email":"a@b.example","amount":"20000","currency":"KES","reference":"staging-1","authorization_code":"AUTH_abc"}""", Encoding.UTF8, "application/json"),
            };
            charge.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", paystack.GetProperty("secretKey").GetString());
            using var charged = await http.SendAsync(charge);
            Assert.Equal(HttpStatusCode.OK, charged.StatusCode);

            using var ledgers = JsonDocument.Parse(await http.GetStringAsync(new Uri("/ledgers", UriKind.Relative)));
            Assert.Equal(4, ledgers.RootElement.EnumerateObject().Count());
            var entry = Assert.Single(ledgers.RootElement.GetProperty("paystack").EnumerateArray());
            Assert.Equal("staging-1", entry.GetProperty("merchantReference").GetString());
            Assert.Equal(200m, entry.GetProperty("amount").GetDecimal());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/ledgers/mtn", UriKind.Relative))).StatusCode);
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }
}
