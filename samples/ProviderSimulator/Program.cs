// The four provider simulators as a standalone process, for teams testing a non-.NET application or a staging system:
//   dotnet run --project samples/ProviderSimulator -- --port 5080 [--scenario FILE] [--callbacks URL]
// Each API (M-Pesa Daraja, Airtel Money, Paystack, Pesapal) listens on its own loopback base URL, the scenario's faults run on
// the process's clock (seconds from start), and the control port (http://127.0.0.1:{port}/) lists the base URLs and
// credentials, returns each provider's own ledger (the ground truth to audit against) and adds or clears faults at run time
// (Control/ControlEndpoints.cs).
using System.Globalization;
using System.Net;
using CountyParking.Scenarios;
using CountyParking.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProviderSimulatorHost.Control;

const string Usage = """
    Usage: dotnet run --project samples/ProviderSimulator -- [--port N] [--host ADDRESS] [--scenario FILE] [--callbacks URL]

      --port N          the control port on 127.0.0.1 (default 5080; 0 picks a free port, printed on start):
                        GET /                         the four APIs' base URLs and credentials
                        GET /ledgers[/{provider}]     each provider's ledger of charges (GET /refunds/{provider}: refunds)
                        GET /callbacks/{provider}     the callbacks it produced (event, reference, URL, deliveries)
                        POST /faults/{provider}       adds a fault: {"kind":"Http503","rate":0.5,"seconds":30},
                                                      {"kind":"Decline","code":"1032"}, {"kind":"Slow","latencyMs":2000}
                        DELETE /faults/{provider}     clears its faults and brings it up
                        POST /down/{provider}, /up/{provider}   stops or restarts its server (same port)
      --host ADDRESS    the address the control port and the four APIs listen on (default 127.0.0.1: this machine
                        only); another address (a LAN address, 0.0.0.0 for every interface) exposes simulators that
                        accept well-known credentials to that network: a warning is printed
      --scenario FILE   a county-parking scenario file: its faults run on this process's clock, seconds from start;
                        its callbacks settings apply to every provider (default: no faults)
      --callbacks URL   where Paystack webhooks ({URL}/paystack) and Airtel Money callbacks ({URL}/airtel) go; Daraja
                        posts to each request's CallBackURL and Pesapal to the registered IPN URL
    """;

var port = 5080;
var host = IPAddress.Loopback;
Scenario scenario = new() { Faults = [], Callbacks = new CallbackFaults(0, 0, 0, 0) };
Uri? callbacks = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--port":
                var text = Value();
                port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and < 65536
                    ? p
                    : throw new ArgumentException($"--port: '{text}' is not a port number.");
                break;
            case "--host":
                var address = Value();
                host = IPAddress.TryParse(address, out var h) ? h : throw new ArgumentException($"--host: '{address}' is not an IP address.");
                break;
            case "--scenario":
                scenario = ScenarioParser.ParseFile(Value());
                break;
            case "--callbacks":
                var url = Value();
                callbacks = Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--callbacks: '{url}' is not an absolute URL.");
                break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new ArgumentException($"Unknown option '{args[i]}'. Run with --help for the options.");
        }
    }
}
catch (Exception ex) when (ex is ArgumentException or ScenarioException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

await using var fleet = new ProviderFleet(scenario);
if (callbacks is not null)
{
    fleet.Paystack.CallbackUrl = new Uri(callbacks, "paystack");
    fleet.AirtelSim.CallbackUrl = new Uri(callbacks, "airtel");
}

fleet.ApplyFaults(TimeProvider.System.GetUtcNow());
if (!host.Equals(IPAddress.Loopback))
{
    foreach (var simulator in fleet.Simulators)
    {
        simulator.ListenOn(host); // same ports, before the control port reports the base URLs (::1 included)
    }
}

if (!IPAddress.IsLoopback(host))
{
    await Console.Error.WriteLineAsync($"WARNING: listening on {host}, not on loopback: every machine that reaches this address can use the simulators and their well-known credentials, and take them down through the control port.");
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
var hostText = host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{hostText}:{port}"));
var app = builder.Build();
ControlEndpoints.Map(app, fleet);
await app.StartAsync();

var control = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Provider simulators ({scenario.Faults.Count} faults scheduled); control {control.TrimEnd('/')}/ (GET /, /ledgers, POST /faults/{{provider}}; see --help)"));
foreach (var simulator in fleet.Simulators)
{
    Console.WriteLine($"  {simulator.ProviderName,-9} {simulator.BaseAddress}");
}

Console.WriteLine("Ctrl+C stops.");
await app.WaitForShutdownAsync();
return 0;
