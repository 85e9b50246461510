namespace Resilience.Payments.Docs.Tests.Snippets;

/// <summary>What a C# block of the docs is, and so what the harness wraps it in.</summary>
public enum SnippetContext
{
    /// <summary>A whole <c>Program.cs</c>: top-level statements, compiled as an application. The default for a block that declares <c>var builder =</c>.</summary>
    Program,

    /// <summary>Statements run inside an async method with the usual application variables (<c>services</c>, <c>configuration</c>, <c>builder</c>, <c>app</c>, <c>host</c>, <c>cancellationToken</c>, but those the block declares); the default for other statements.</summary>
    Services,

    /// <summary>Type declarations (classes, records), compiled as a library; the default for a block holding only types.</summary>
    Class,

    /// <summary>Members (methods, extension methods) of a static class the harness declares.</summary>
    Members,
}
