namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>A fenced code block of a Markdown file.</summary>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Info">The info string after the opening fence (trimmed; empty when none).</param>
/// <param name="Content">The lines between the fences, joined with <c>\n</c> (no trailing newline).</param>
/// <param name="Comment">The HTML comment on the nearest non-blank line before the fence (<c>&lt;!-- ... --&gt;</c>), or <see langword="null"/>.</param>
public sealed record FencedBlock(int Line, string Info, string Content, string? Comment)
{
    /// <summary>Gets the 1-based line of the block's first content line.</summary>
    public int ContentLine => Line + 1;

    /// <summary>Gets the info string's first word, lower case (<c>csharp</c>, <c>json</c>, or empty).</summary>
    public string Language
    {
        get
        {
            var space = Info.IndexOfAny([' ', '\t', '{']);
            return (space < 0 ? Info : Info[..space]).ToLowerInvariant();
        }
    }

    /// <summary>Gets a value indicating whether the block is C# (<c>csharp</c>, <c>cs</c> or <c>c#</c>).</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";
}
