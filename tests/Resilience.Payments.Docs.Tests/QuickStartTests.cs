using System.Reflection;
using Resilience.Payments.Docs.Tests.Snippets;

namespace Resilience.Payments.Docs.Tests;

/// <summary>
/// The Quick start runs as written: each block marked <c>run</c> is compiled into an in-memory assembly whose entry point runs (it
/// starts the simulators itself) within a timeout, and its output must contain the block's <c>expect</c> text.
/// </summary>
public sealed class QuickStartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    /// <summary>Gets the blocks marked <c>run</c>.</summary>
    public static TheoryData<string> RunnableBlocks => [.. DocsCatalog.CSharpBlocks.Where(b => DocsTestDirective.Parse(b.Block.Comment).Run).Select(b => b.Id)];

    [Fact]
    public void Readme_QuickStartIsRunnable()
    {
        Assert.Contains(DocsCatalog.CSharpBlocks, b => b.File == "README.md" && DocsTestDirective.Parse(b.Block.Comment) is { Run: true, Expect: not null });
    }

    [Theory]
    [MemberData(nameof(RunnableBlocks))]
    public async Task Program_RunsAgainstTheSimulators_PrintsTheExpectedLine(string block)
    {
        var docs = DocsCatalog.Block(block);
        var directive = DocsBlockTests.ReadDirective(docs);
        var source = SnippetBuilder.Build(docs.Block.Content, docs.File, docs.Block.ContentLine, directive);
        Assert.Equal(SnippetContext.Program, source.Context);
        var compilation = SnippetCompiler.Compile(source, "DocsQuickStart");
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, $"{block} does not compile:\n{SnippetCompiler.Format(emitted.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))}");
        var entryPoint = Assembly.Load(image.ToArray()).EntryPoint ?? throw new InvalidOperationException($"{block} has no entry point.");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var output = await RunAsync(entryPoint, block);
        TestContext.Current.TestOutputHelper?.WriteLine($"{block} ran in {started.Elapsed.TotalSeconds:F1} s:\n{output}");

        Assert.True(directive.Expect is null || output.Contains(directive.Expect, StringComparison.Ordinal),
            $"{block} printed no line containing \"{directive.Expect}\". Its output:\n{output}");
    }

    private static async Task<string> RunAsync(MethodInfo entryPoint, string block)
    {
        await ConsoleGate.WaitAsync(TestContext.Current.CancellationToken);
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            var run = Task.Run(() =>
            {
                try
                {
                    entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new InvalidOperationException($"{block} threw: {e.InnerException}", e.InnerException);
                }
            });
            try
            {
                await run.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{block} did not finish within {Timeout.TotalSeconds} s. Its output so far:\n{captured}");
            }

            return captured.ToString();
        }
        finally
        {
            Console.SetOut(original);
            ConsoleGate.Release();
        }
    }
}
