using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Resilience.Payments.Docs.Tests.Snippets;

/// <summary>
/// Compiles blocks against the assemblies the test host runs on: its trusted platform assemblies, which hold the .NET and ASP.NET
/// Core shared frameworks and every library project the test references (and their packages). The reference set is built once.
/// </summary>
public static class SnippetCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>Gets the shared reference set.</summary>
    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>Creates the compilation of a block.</summary>
    /// <param name="source">The block's trees.</param>
    /// <param name="assemblyName">The assembly's name.</param>
    /// <returns>The compilation.</returns>
    public static CSharpCompilation Compile(SnippetSource source, string assemblyName)
    {
        ArgumentNullException.ThrowIfNull(source);
        var options = new CSharpCompilationOptions(source.OutputKind, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress, // assembly version unification: the loaded assemblies are the truth here
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        return CSharpCompilation.Create(assemblyName, source.Trees, References, options);
    }

    /// <summary>Gets the errors of a compilation.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <returns>The errors, in source order.</returns>
    public static IReadOnlyList<Diagnostic> Errors(Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    /// <summary>Formats diagnostics as <c>file(line,column): error CS0000: message</c>, mapped to the Markdown file.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>One line each.</returns>
    public static string Format(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return string.Join('\n', diagnostics.Select(d =>
        {
            var span = d.Location.GetMappedLineSpan();
            return string.Create(CultureInfo.InvariantCulture,
                $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
        }));
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The host did not list its trusted platform assemblies.");
        return
        [
            .. trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ];
    }
}
