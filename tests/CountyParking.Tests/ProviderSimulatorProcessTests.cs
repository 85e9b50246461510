using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CountyParking.Tests;

/// <summary>samples/ProviderSimulator as a process: the four APIs, the control endpoint, the ledgers as JSON.</summary>
public sealed class ProviderSimulatorProcessTests
{
    [Fact]
    public async Task StandaloneSimulators_ServeTheFourApisAndTheirLedgers()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ProviderSimulator.exe" : "ProviderSimulator");
        var start = new ProcessStartInfo(apphost) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scenario", Path.Combine(AppContext.BaseDirectory, "Scenarios", "default.json") })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        try
        {
            var ready = new TaskCompletionSource();
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Ctrl+C stops.", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            };
            child.ErrorDataReceived += (_, _) => { };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
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
