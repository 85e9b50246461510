using Resilience.Payments.Docs.Tests.Markdown;

namespace Resilience.Payments.Docs.Tests;

/// <summary>A C# block of a documentation file.</summary>
/// <param name="File">The Markdown file, relative to the repository, with <c>/</c>.</param>
/// <param name="Block">The block.</param>
public sealed record DocsBlock(string File, FencedBlock Block)
{
    /// <summary>Gets the block's id: <c>file:line</c> of its opening fence (the test case's name).</summary>
    public string Id => $"{File}:{Block.Line}";
}
