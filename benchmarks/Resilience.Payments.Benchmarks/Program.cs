using System.Linq;
using BenchmarkDotNet.Running;

namespace Resilience.Payments.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu-ratios")
        {
            CpuRatios.Run(args.Skip(1).ToArray());
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
