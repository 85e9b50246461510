using System.IO;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace Resilience.Payments.Benchmarks.Tests;

/// <summary>
/// The benchmarks' CI check: every benchmark class of <c>Resilience.Payments.Benchmarks</c>, found by reflection, is run
/// once in BenchmarkDotNet's dry mode (<see cref="Job.Dry"/>: one launch, one warm-up, one iteration of one invocation)
/// in this process, with the memory diagnoser. Only that every case ran without error is asserted; no timing.
/// A class that needs PostgreSQL (<c>[BenchmarkCategory("PostgreSql")]</c>, or PostgreSql in its name) is skipped
/// without <c>PGHOST</c> and fails on CI (<c>CI=true</c>), like the PostgreSQL tests.
/// </summary>
public class BenchmarkDryRunTests
{
    public const string PostgreSqlCategory = "PostgreSql";

    /// <summary>Gets the full names of the benchmark classes: public, non-abstract, with at least one [Benchmark] method.</summary>
    public static TheoryData<string> BenchmarkClasses =>
        new(DiscoverBenchmarkClasses(typeof(HotPathBenchmarks).Assembly).Select(t => t.FullName!));

    [Fact]
    public void Discovery_FindsTheKnownBenchmarkClasses()
    {
        var found = DiscoverBenchmarkClasses(typeof(HotPathBenchmarks).Assembly).Select(t => t.Name).ToList();

        Assert.Contains(nameof(HotPathBenchmarks), found);
        Assert.Contains(nameof(FailoverBenchmarks), found);
        Assert.Contains(nameof(ReplayBenchmarks), found);
    }

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void DryRun_EveryBenchmarkCaseRunsWithoutError(string benchmarkClass)
    {
        var type = typeof(HotPathBenchmarks).Assembly.GetType(benchmarkClass, throwOnError: true)!;
        if (NeedsPostgreSql(type))
        {
            RequirePostgreSql(benchmarkClass);
        }

        var (summary, error, log) = DryRun(type);

        Assert.True(error is null, $"BenchmarkDotNet failed: {error}{Environment.NewLine}{log}");
        AssertRan(summary!, log, expectSuccess: true);
    }

    [Fact]
    public void DryRun_AFailingBenchmark_IsReportedAsFailed()
    {
        // The harness must see a failure, or the check above proves nothing.
        var (summary, error, log) = DryRun(typeof(FailingBenchmark));

        // In process, BenchmarkDotNet 0.15.8 either reports the case as failed or throws while logging the failure.
        Assert.Contains("fails on purpose", log + error, StringComparison.Ordinal);
        if (error is null)
        {
            AssertRan(summary!, log, expectSuccess: false);
        }
    }

    internal static IReadOnlyList<Type> DiscoverBenchmarkClasses(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true, ContainsGenericParameters: false })
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: true)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    private static bool NeedsPostgreSql(Type type) =>
        type.Name.Contains(PostgreSqlCategory, StringComparison.OrdinalIgnoreCase)
        || type.Name.Contains("Postgres", StringComparison.OrdinalIgnoreCase)
        || type.GetCustomAttributes<BenchmarkCategoryAttribute>(inherit: true)
            .Any(a => a.Categories.Contains(PostgreSqlCategory, StringComparer.OrdinalIgnoreCase));

    private static void RequirePostgreSql(string benchmarkClass)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGHOST")))
        {
            return;
        }

        var reason = $"{benchmarkClass} needs PostgreSQL, which is not available: run the tests under pg_virtualenv (pg_virtualenv dotnet test), "
            + "or set PGHOST, PGPORT, PGUSER and PGPASSWORD.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + reason);
        }

        Assert.Skip(reason);
    }

    private static (Summary? Summary, Exception? Error, string Log) DryRun(Type type)
    {
        var logger = new AccumulationLogger();
        var artifacts = Path.Combine(Path.GetTempPath(), "resilience-payments-benchmark-dry-runs", Guid.NewGuid().ToString("N"));
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Dry.WithToolchain(InProcessNoEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(logger)
            .WithArtifactsPath(artifacts)
            // Tests build in Debug: the numbers mean nothing here, only that every case runs.
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile);
        try
        {
            return (BenchmarkRunner.Run(type, config), null, logger.GetLog());
        }
#pragma warning disable CA1031 // reported by the caller, with the log
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (null, ex, logger.GetLog());
        }
        finally
        {
            try
            {
                Directory.Delete(artifacts, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static void AssertRan(Summary summary, string log, bool expectSuccess)
    {
        var context = $"{summary.Title}{Environment.NewLine}{log}";
        Assert.True(!summary.HasCriticalValidationErrors, $"validation failed: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}{Environment.NewLine}{context}");
        Assert.True(summary.BenchmarksCases.Length > 0, "no benchmark case found" + Environment.NewLine + context);
        Assert.Equal(summary.BenchmarksCases.Length, summary.Reports.Length);
        var failed = summary.Reports
            .Where(r => !r.Success || !r.ExecuteResults.All(e => e.IsSuccess) || r.AllMeasurements.Count == 0)
            .Select(r => r.BenchmarkCase.DisplayInfo)
            .ToList();
        if (expectSuccess)
        {
            Assert.True(failed.Count == 0, $"failed: {string.Join(", ", failed)}{Environment.NewLine}{context}");
        }
        else
        {
            Assert.True(failed.Count == summary.Reports.Length, $"expected every case to fail, but these passed: {string.Join(", ", summary.Reports.Select(r => r.BenchmarkCase.DisplayInfo).Except(failed))}{Environment.NewLine}{context}");
        }
    }

    /// <summary>A benchmark whose method throws, for the negative check.</summary>
    public class FailingBenchmark
    {
        [Benchmark]
#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods
        public void Throws() => throw new InvalidOperationException("this benchmark fails on purpose");
#pragma warning restore CA1822
    }
}
