using System.Text;
using System.Text.RegularExpressions;

namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>Finds the links and heading anchors of a Markdown text (outside code fences and inline code), GitHub style.</summary>
public static partial class MarkdownLinks
{
    /// <summary>Finds the inline links (<c>[text](target)</c>, images too) and link reference definitions (<c>[label]: target</c>).</summary>
    /// <param name="markdown">The text.</param>
    /// <returns>The links, in order.</returns>
    public static IReadOnlyList<MarkdownLink> Find(string markdown)
    {
        var links = new List<MarkdownLink>();
        foreach (var (line, text) in ProseLines(markdown))
        {
            var prose = InlineCode().Replace(text, string.Empty);
            if (ReferenceDefinition().Match(prose) is { Success: true } definition)
            {
                links.Add(new MarkdownLink(line, definition.Groups["target"].Value));
                continue;
            }

            links.AddRange(InlineLink().Matches(prose).Select(m => new MarkdownLink(line, m.Groups["target"].Value)));
        }

        return links;
    }

    /// <summary>Gets the anchors GitHub generates for the headings of a Markdown text.</summary>
    /// <param name="markdown">The text.</param>
    /// <returns>The anchors (a repeated heading's get <c>-1</c>, <c>-2</c>...).</returns>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, text) in ProseLines(markdown))
        {
            if (Heading().Match(text) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["title"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation removed (but <c>-</c> and <c>_</c>), spaces as <c>-</c>.</summary>
    /// <param name="heading">The heading's text.</param>
    /// <returns>The anchor, without <c>#</c>.</returns>
    public static string Slug(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var slug = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static IEnumerable<(int Line, string Text)> ProseLines(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var inCode = new bool[lines.Length];
        foreach (var block in FenceParser.Parse(markdown).Blocks)
        {
            var contentLines = block.Content.Length == 0 ? 0 : block.Content.Count(c => c == '\n') + 1;
            for (var i = block.Line - 1; i <= block.Line + contentLines && i < lines.Length; i++)
            {
                inCode[i] = true;
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (!inCode[i])
            {
                yield return (i + 1, lines[i]);
            }
        }
    }

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)>?")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^ {0,3}#{1,6}\s+(?<title>.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
