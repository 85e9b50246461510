using Resilience.Payments.Docs.Tests.Snippets;

namespace Resilience.Payments.Docs.Tests;

/// <summary>Every C# block of README.md, docs/**/*.md and src/*/README.md compiles against the libraries (one test case per block).</summary>
public sealed class DocsBlockTests
{
    /// <summary>Gets the id (<c>file:line</c>) of every C# block.</summary>
    public static TheoryData<string> Blocks => [.. DocsCatalog.CSharpBlocks.Select(b => b.Id)];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_Compiles(string block)
    {
        var docs = DocsCatalog.Block(block);
        var directive = ReadDirective(docs);
        if (directive.SkipReason is { } reason)
        {
            Assert.Skip($"{block}: not compiled ({reason})");
        }

        var source = SnippetBuilder.Build(docs.Block.Content, docs.File, docs.Block.ContentLine, directive);
        var errors = SnippetCompiler.Errors(SnippetCompiler.Compile(source, "DocsBlock"));

        Assert.True(errors.Count == 0,
            $"The C# block at {block} (context={source.Context.ToString().ToLowerInvariant()}, sdk={directive.Sdk}) does not compile:\n{SnippetCompiler.Format(errors)}");
    }

    [Fact]
    public void Blocks_AreFound()
    {
        Assert.Contains(DocsCatalog.CSharpBlocks, b => b.File == "README.md");
        Assert.Contains(DocsCatalog.CSharpBlocks, b => b.File.StartsWith("src/", StringComparison.Ordinal));
    }

    internal static DocsTestDirective ReadDirective(DocsBlock docs)
    {
        try
        {
            return DocsTestDirective.Parse(docs.Block.Comment);
        }
        catch (FormatException e)
        {
            Assert.Fail($"{docs.Id}: {e.Message}");
            throw;
        }
    }
}
