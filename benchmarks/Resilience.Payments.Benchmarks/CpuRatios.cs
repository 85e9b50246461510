using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// <c>--cpu-ratios [filter...]</c>: a rough cross-check of BenchmarkDotNet's ratios on a loaded machine. Runs each benchmark
/// method of each matching class in this process, in turns, and reports the <em>process CPU time</em> per operation
/// (less disturbed than wall-clock time by other processes competing for the cores) and the bytes allocated per
/// operation, each as a ratio to the class's baseline. The last of three rounds is printed.
/// </summary>
internal static class CpuRatios
{
    private static readonly TimeSpan PerMeasurement = TimeSpan.FromSeconds(1.5);

    public static void Run(string[] filters)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ratios: .NET {Environment.Version}, {Environment.ProcessorCount} logical cores, {Environment.OSVersion}"));
        var types = typeof(CpuRatios).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true })
            .Where(t => t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute))))
            .Where(t => filters.Length == 0 || filters.Any(f => t.Name.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var type in types)
        {
            RunClass(type);
        }
    }

    private static void RunClass(Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        Invoke<GlobalSetupAttribute>(type, instance);
        try
        {
            var benchmarks = type.GetMethods()
                .Select(m => (Method: m, Attribute: m.GetCustomAttribute<BenchmarkAttribute>()))
                .Where(b => b.Attribute is not null)
                .Select(b => (b.Method.Name, Baseline: b.Attribute!.Baseline, Run: Bind(instance, b.Method)))
                .ToList();
            var results = new Dictionary<string, (double CpuNs, double Bytes)>();
            for (var round = 0; round < 3; round++)
            {
                foreach (var (name, _, run) in benchmarks)
                {
                    results[name] = Measure(run);
                }
            }

            var baseline = results[benchmarks.FirstOrDefault(b => b.Baseline).Name ?? benchmarks[0].Name];
            Console.WriteLine();
            Console.WriteLine($"{type.Name}");
            Console.WriteLine("| Method | CPU time/op | CPU ratio | Allocated/op | Alloc ratio |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, isBaseline, _) in benchmarks)
            {
                var (cpu, bytes) = results[name];
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name}{(isBaseline ? " (baseline)" : string.Empty)} | {cpu:0} ns | {cpu / baseline.CpuNs:0.00} | {bytes:0} B | {bytes / baseline.Bytes:0.00} |"));
            }
        }
        finally
        {
            Invoke<GlobalCleanupAttribute>(type, instance);
        }
    }

    private static (double CpuNs, double Bytes) Measure(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long operations = 0;
        while (clock.Elapsed < PerMeasurement)
        {
            for (var i = 0; i < 256; i++)
            {
                run();
            }

            operations += 256;
        }

        process.Refresh();
        var cpuNs = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1_000_000 / operations;
        return (cpuNs, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / operations);
    }

    private static Action Bind(object instance, MethodInfo method)
    {
        if (typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            var task = (Func<Task>)Delegate.CreateDelegate(typeof(Func<Task>), instance, method);
            return () => task().GetAwaiter().GetResult();
        }

        if (method.ReturnType == typeof(void))
        {
            return (Action)Delegate.CreateDelegate(typeof(Action), instance, method);
        }

        return () => method.Invoke(instance, null);
    }

    private static void Invoke<TAttribute>(Type type, object instance)
        where TAttribute : Attribute
    {
        foreach (var method in type.GetMethods().Where(m => m.IsDefined(typeof(TAttribute))))
        {
            method.Invoke(instance, null);
        }
    }
}
