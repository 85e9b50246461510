using System;
using System.Globalization;

namespace Resilience.Payments.LoadTest;

/// <summary>The load test's command line: <c>--payers N --seconds N --seed N [--json FILE]</c>.</summary>
public sealed record LoadTestOptions
{
    /// <summary>Gets the concurrent payers (default 32).</summary>
    public int Payers { get; init; } = 32;

    /// <summary>Gets the length of the run in seconds, split in three equal phases (default 30).</summary>
    public double Seconds { get; init; } = 30;

    /// <summary>Gets the seed of the simulators and of the payments' amounts (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the file the JSON report is written to, if any.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: Resilience.Payments.LoadTest [--payers N (32)] [--seconds N (30)] [--seed N (1)] [--json FILE]";

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message names it.</exception>
    public static LoadTestOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value. {Usage}");
            options = name switch
            {
                "--payers" => options with { Payers = PositiveInt(name, Value()) },
                "--seconds" => options with { Seconds = PositiveDouble(name, Value()) },
                "--seed" => options with { Seed = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new ArgumentException($"--seed must be an integer. {Usage}") },
                "--json" => options with { JsonPath = Value() },
                _ => throw new ArgumentException($"Unknown option '{name}'. {Usage}"),
            };
        }

        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive integer (was '{value}'). {Usage}");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive number (was '{value}'). {Usage}");
}
