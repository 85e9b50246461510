namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>A link target in a Markdown file.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Target">The target as written (<c>docs/callbacks.md</c>, <c>#failover</c>, <c>https://...</c>).</param>
public sealed record MarkdownLink(int Line, string Target)
{
    /// <summary>Gets a value indicating whether the target is relative (a file of the repository or an anchor), not a URL.</summary>
    public bool IsRelative => !Target.Contains("://", StringComparison.Ordinal) && !Target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
}
