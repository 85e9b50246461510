using System.Text;

namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>
/// Finds the fenced code blocks of a Markdown text, as CommonMark does for fences outside containers: an opening fence is 3 or more
/// backticks or tildes indented by at most 3 spaces (a backtick fence's info string holds no backtick); the block ends at a line of
/// at least as many of the same character and nothing else. A fence still open at the end of the text is an error (CommonMark would
/// close it there, rendering the rest of the file as code), and so is a fence with an info string inside a block opened by as
/// many of the same character (the block above it never closed: CommonMark renders the next fence as its content).
/// </summary>
public static class FenceParser
{
    /// <summary>Parses <paramref name="markdown"/>.</summary>
    /// <param name="markdown">The text (any line endings).</param>
    /// <returns>The blocks and errors.</returns>
    public static FenceParseResult Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<FencedBlock>();
        var errors = new List<FenceError>();
        string? lastNonBlank = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpen(lines[i], out var fenceChar, out var fenceLength, out var indent, out var info))
            {
                if (!string.IsNullOrWhiteSpace(lines[i]))
                {
                    lastNonBlank = lines[i];
                }

                continue;
            }

            var comment = lastNonBlank is { } previous && previous.TrimStart().StartsWith("<!--", StringComparison.Ordinal) ? previous.Trim() : null;
            var content = new StringBuilder();
            var closed = false;
            var j = i + 1;
            for (; j < lines.Length; j++)
            {
                if (IsClosing(lines[j], fenceChar, fenceLength))
                {
                    closed = true;
                    break;
                }

                // "```csharp" inside a block opened by "```" is content for CommonMark, but in practice it is the next block's
                // opening fence, and the block above never closed: what follows renders as code, headings included.
                if (TryOpen(lines[j], out var innerChar, out var innerLength, out _, out var innerInfo) && innerChar == fenceChar &&
                    innerLength >= fenceLength && innerInfo.Length > 0)
                {
                    errors.Add(new FenceError(i + 1, $"the fence {new string(fenceChar, fenceLength)}{info} opened on line {i + 1} holds the fence {lines[j].Trim()} on line {j + 1}: it probably misses its closing fence"));
                }

                if (j > i + 1)
                {
                    content.Append('\n');
                }

                content.Append(RemoveIndent(lines[j], indent));
            }

            if (!closed)
            {
                errors.Add(new FenceError(i + 1, $"the fence {new string(fenceChar, fenceLength)}{info} opened on line {i + 1} never closes"));
                break;
            }

            blocks.Add(new FencedBlock(i + 1, info, content.ToString(), comment));
            lastNonBlank = lines[j];
            i = j;
        }

        return new FenceParseResult(blocks, errors);
    }

    /// <summary>Tells whether <paramref name="line"/> opens a fence.</summary>
    /// <param name="line">The line.</param>
    /// <returns><see langword="true"/> for an opening fence.</returns>
    public static bool IsOpeningFence(string line) => TryOpen(line, out _, out _, out _, out _);

    private static bool TryOpen(string line, out char fenceChar, out int length, out int indent, out string info)
    {
        fenceChar = default;
        length = 0;
        info = string.Empty;
        indent = CountLeading(line, ' ', 0);
        if (indent > 3 || indent >= line.Length || line[indent] is not ('`' or '~'))
        {
            return false;
        }

        fenceChar = line[indent];
        length = CountLeading(line, fenceChar, indent);
        if (length < 3)
        {
            return false;
        }

        info = line[(indent + length)..].Trim();
        return fenceChar != '`' || !info.Contains('`', StringComparison.Ordinal);
    }

    private static bool IsClosing(string line, char fenceChar, int openingLength)
    {
        var indent = CountLeading(line, ' ', 0);
        if (indent > 3)
        {
            return false;
        }

        var length = CountLeading(line, fenceChar, indent);
        return length >= openingLength && string.IsNullOrWhiteSpace(line[(indent + length)..]);
    }

    private static int CountLeading(string line, char c, int start)
    {
        var i = start;
        while (i < line.Length && line[i] == c)
        {
            i++;
        }

        return i - start;
    }

    private static string RemoveIndent(string line, int indent)
    {
        var spaces = Math.Min(indent, CountLeading(line, ' ', 0));
        return line[spaces..];
    }
}
