using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Resilience.Payments.Docs.Tests.Snippets;

/// <summary>
/// Turns a C# block into compilable syntax trees, in the context its directive names (or the inferred one), with the implicit usings of
/// a web app (<c>sdk=web</c>) or a console app (<c>sdk=console</c>). The library's namespaces are never added: a block shows the
/// <c>using</c> lines a newcomer needs. <c>#line</c> directives map every diagnostic to the block's line in the Markdown file.
/// </summary>
public static class SnippetBuilder
{
    /// <summary>The name of the class that holds <see cref="SnippetContext.Services"/> and <see cref="SnippetContext.Members"/> blocks.</summary>
    public const string WrapperClass = "DocsSnippet";

    /// <summary>The implicit usings of a console app (<c>Microsoft.NET.Sdk</c> with <c>ImplicitUsings</c>).</summary>
    public static readonly IReadOnlyList<string> ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The implicit usings of a web app (<c>Microsoft.NET.Sdk.Web</c> with <c>ImplicitUsings</c>).</summary>
    public static readonly IReadOnlyList<string> WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>
    /// The parameters of the method a <see cref="SnippetContext.Services"/> block runs in (before the directive's own); a parameter
    /// whose name the block declares itself (<c>var app = builder.Build();</c>) is left out.
    /// </summary>
    public static readonly IReadOnlyList<(string Type, string Name)> ServicesParameters =
    [
        ("global::Microsoft.Extensions.DependencyInjection.IServiceCollection", "services"),
        ("global::Microsoft.Extensions.Configuration.IConfiguration", "configuration"),
        ("global::Microsoft.AspNetCore.Builder.WebApplicationBuilder", "builder"),
        ("global::Microsoft.AspNetCore.Builder.WebApplication", "app"),
        ("global::Microsoft.Extensions.Hosting.IHost", "host"),
        ("global::System.Threading.CancellationToken", "cancellationToken"),
    ];

    /// <summary>The parse options of every block (the latest language version).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Infers the context of a block without a <c>context</c> key.</summary>
    /// <param name="code">The block.</param>
    /// <returns><see cref="SnippetContext.Program"/> for statements declaring <c>builder</c>,
    /// <see cref="SnippetContext.Services"/> for other statements, <see cref="SnippetContext.Class"/> for declarations only.</returns>
    public static SnippetContext InferContext(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot();
        var statements = root.Members.OfType<GlobalStatementSyntax>().ToList();
        if (statements.Count == 0)
        {
            return SnippetContext.Class;
        }

        return DeclaredLocals(root).Contains("builder") ? SnippetContext.Program : SnippetContext.Services;
    }

    /// <summary>Builds the trees of a block.</summary>
    /// <param name="code">The block's content.</param>
    /// <param name="path">The Markdown file, relative to the repository (for <c>#line</c>).</param>
    /// <param name="firstLine">The 1-based line of the block's first content line in <paramref name="path"/>.</param>
    /// <param name="directive">The block's directive.</param>
    /// <returns>The source to compile.</returns>
    public static SnippetSource Build(string code, string path, int firstLine, DocsTestDirective directive)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(directive);
        var context = directive.Context ?? InferContext(code);
        var text = context switch
        {
            SnippetContext.Program or SnippetContext.Class => Line(firstLine, path) + code + "\n",
            SnippetContext.Services => Wrap(code, path, firstLine, $"    public static async global::System.Threading.Tasks.Task RunAsync({Parameters(code, directive)})\n    {{\n", "    }\n"),
            SnippetContext.Members => Wrap(code, path, firstLine, string.Empty, string.Empty),
            _ => throw new ArgumentOutOfRangeException(nameof(directive), context, "Unknown context."),
        };

        var usings = string.Concat((directive.Sdk == "console" ? ConsoleUsings : WebUsings).Select(u => $"global using global::{u};\n"));
        SyntaxTree[] trees =
        [
            CSharpSyntaxTree.ParseText(text, ParseOptions, path: path, encoding: Encoding.UTF8),
            CSharpSyntaxTree.ParseText(usings, ParseOptions, path: "ImplicitUsings.g.cs", encoding: Encoding.UTF8),
        ];
        return new SnippetSource(context, context == SnippetContext.Program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, trees);
    }

    private static string Parameters(string code, DocsTestDirective directive)
    {
        var declared = DeclaredLocals((CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot());
        var parameters = ServicesParameters.Where(p => !declared.Contains(p.Name)).Select(p => $"{p.Type} {p.Name}");
        return string.Join(", ", directive.Parameters is { } extra ? parameters.Append(extra) : parameters);
    }

    private static HashSet<string> DeclaredLocals(CompilationUnitSyntax root) =>
    [
        .. root.Members.OfType<GlobalStatementSyntax>()
            .Select(s => s.Statement)
            .OfType<LocalDeclarationStatementSyntax>()
            .SelectMany(d => d.Declaration.Variables)
            .Select(v => v.Identifier.ValueText),
    ];

    // The block's using directives stay at the top of the file; the rest goes inside the wrapper class (and method).
    private static string Wrap(string code, string path, int firstLine, string open, string close)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot();
        var split = root.Usings.Count == 0 ? 0 : root.Usings[^1].FullSpan.End;
        var restLine = SourceText.From(code).Lines.GetLinePosition(split).Line;
        var builder = new StringBuilder();
        if (split > 0)
        {
            builder.Append(Line(firstLine, path)).Append(code, 0, split).Append('\n');
        }

        builder.Append("#line default\n")
            .Append("internal static partial class ").Append(WrapperClass).Append("\n{\n")
            .Append(open)
            .Append(Line(firstLine + restLine, path)).Append(code, split, code.Length - split).Append('\n')
            .Append("#line default\n")
            .Append(close)
            .Append("}\n");
        return builder.ToString();
    }

    private static string Line(int line, string path) => string.Create(CultureInfo.InvariantCulture, $"#line {line} \"{path}\"\n");
}
