using Microsoft.CodeAnalysis;

namespace Resilience.Payments.Docs.Tests.Snippets;

/// <summary>What the harness compiles for one block: the context it chose, the output kind and the syntax trees.</summary>
/// <param name="Context">The context (given or inferred).</param>
/// <param name="OutputKind">An application for <see cref="SnippetContext.Program"/>, else a library.</param>
/// <param name="Trees">The block (wrapped, with <c>#line</c> directives mapping back to the Markdown) and the implicit usings.</param>
public sealed record SnippetSource(SnippetContext Context, OutputKind OutputKind, IReadOnlyList<SyntaxTree> Trees);
