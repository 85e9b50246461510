using System.Globalization;

namespace CountyParking;

/// <summary>The command line: exactly the options the README documents.</summary>
public sealed record ParkingOptions
{
    public const string Usage = """
        Usage: dotnet run --project samples/CountyParking [-- options]

        A county collects a simulated day of parking fees through provider outages: four provider simulators on
        loopback (M-Pesa Daraja, Airtel Money, Paystack, Pesapal), the real adapters pointed at them, a Kestrel host for
        their callbacks, the SQLite store and the gateway's workers. Prints live progress and a report; exits 0 only
        when the audit (the store against the simulators' own ledgers) is clean.

        Options:
          --scenario FILE|NAME         a scenario file, or the name of one of the sample's own scenarios: default
                                       (modelled on 24 July 2023, the default), airtel-overloaded (Airtel slowed past
                                       the attempt timeout, its queue holding collections 12 s before charging them)
          --json FILE                  also write the report as JSON to FILE
          --store FILE                 the SQLite file to use (default: county-parking.db under the working directory,
                                       recreated on each run); running again with the same file resumes an interrupted
                                       run: payments already taken are not taken again, unresolved ones are resolved.
                                       The simulators' ledgers persist beside it (FILE.ledgers.jsonl).
          --postgres CONNECTION_STRING use the PostgreSQL store instead of SQLite
          --payments N                 override the scenario's number of payments
          --seed N                     override the scenario's seed
          --console                    map the operations console (/payments-console, printed at the start) and keep
                                       the host running after the day, until Ctrl+C: watch the outage and the recovery
                                       live, and act on payments. This machine only: Development, loopback, no sign-in
          -h, --help                   show this help

        Exit codes: 0 audit clean, 1 audit not clean, 2 bad command line or scenario.
        """;

    public string? ScenarioFile { get; init; }

    public string? JsonFile { get; init; }

    public string? StoreFile { get; init; }

    public string? PostgresConnectionString { get; init; }

    public int? Payments { get; init; }

    public int? Seed { get; init; }

    public bool Console { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static ParkingOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ParkingOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{arg} needs a value.");
                }

                return args[++i];
            }

            int Number()
            {
                var text = Value();
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    throw new ArgumentException($"{arg}: '{text}' is not a whole number.");
                }

                return n;
            }

            options = arg switch
            {
                "--scenario" => options with { ScenarioFile = Value() },
                "--json" => options with { JsonFile = Value() },
                "--store" => options with { StoreFile = Value() },
                "--postgres" => options with { PostgresConnectionString = Value() },
                "--payments" => options with { Payments = Number() },
                "--seed" => options with { Seed = Number() },
                "--console" => options with { Console = true },
                "-h" or "--help" or "-?" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{arg}'. Run with --help for the options."),
            };
        }

        if (options.Payments is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"--payments: {options.Payments} is out of range (1 to 1000000).");
        }

        if (options.StoreFile is not null && options.PostgresConnectionString is not null)
        {
            throw new ArgumentException("--store and --postgres exclude each other: choose one store.");
        }

        return options;
    }
}
