using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace Resilience.Payments.Docs.Tests.Markdown;

public sealed partial class FenceParserTests
{
    // A generated document: plain lines and fenced blocks, in any mix.
    private sealed record Segment(string[]? Plain, char FenceChar, int FenceLength, string Info, string[] Content, string? Comment);

    private static readonly Gen<string> PlainLine = Gen.Char["ab #<>-!`~ "].Array[0, 12].Select(c => new string(c)).Where(l => !FenceLike().IsMatch(l));

    private static readonly Gen<Segment> PlainSegment = PlainLine.Array[1, 4].Select(lines => new Segment(lines, default, 0, string.Empty, [], null));

    private static readonly Gen<Segment> FenceSegment = Gen.Select(
            Gen.OneOf('`', '~'),
            Gen.Int[3, 5],
            Gen.OneOf(string.Empty, "csharp", "cs", "c#", "json", "sh", "csharp title"),
            Gen.Char["ab {}();=`~ "].Array[0, 10].Select(c => new string(c)).Array[0, 4],
            Gen.OneOf<string?>(null, "<!-- docs-test: context=services -->"))
        .Select((c, n, info, content, comment) => new Segment(null, c, n, info, content, comment))
        // A content line that would close the fence, or open one, is not content (nested fences: the examples below).
        .Where(s => s.Content.All(line => !ClosesFence(line, s.FenceChar, s.FenceLength) && !FenceLike().IsMatch(line)));

    [Fact]
    public void Parse_ClosedBlock_ReturnsInfoContentAndLine()
    {
        var result = FenceParser.Parse("# Title\n\n<!-- docs-test: context=class -->\n```csharp\nvar x = 1;\n\nvar y = 2;\n```\ntext\n");

        var block = Assert.Single(result.Blocks);
        Assert.Empty(result.Errors);
        Assert.Equal(4, block.Line);
        Assert.Equal("csharp", block.Language);
        Assert.True(block.IsCSharp);
        Assert.Equal("var x = 1;\n\nvar y = 2;", block.Content);
        Assert.Equal("<!-- docs-test: context=class -->", block.Comment);
    }

    [Fact]
    public void Parse_UnclosedFence_ReportsItsLine()
    {
        var result = FenceParser.Parse("text\n```csharp\nvar x = 1;\n## Next section\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Empty(result.Blocks);
    }

    [Fact]
    public void Parse_ShorterOrOtherFenceInside_IsContent()
    {
        var result = FenceParser.Parse("````md\n```csharp\nx\n```\n~~~\n````\n");

        var block = Assert.Single(result.Blocks);
        Assert.Equal("```csharp\nx\n```\n~~~", block.Content);
    }

    [Fact]
    public void Parse_OpeningFenceInsideABlock_ReportsTheBlockThatMissesItsClosingFence()
    {
        var result = FenceParser.Parse("```csharp\nvar x = 1;\n## Paystack\n\n```csharp\nvar y = 2;\n```\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```csharp", true)]
    [InlineData("   ~~~", true)]
    [InlineData("    ```", false)]
    [InlineData("``", false)]
    [InlineData("``` a`b", false)]
    [InlineData("~~~ a`b", true)]
    public void IsOpeningFence_FollowsCommonMark(string line, bool expected) => Assert.Equal(expected, FenceParser.IsOpeningFence(line));

    [Fact]
    public void Parse_AnyMixOfFencesAndText_RoundTrips()
    {
        Gen.OneOf(PlainSegment, FenceSegment).Array[0, 8].Sample(segments =>
        {
            var (text, expected) = Render(segments);

            var result = FenceParser.Parse(text);

            Assert.Empty(result.Errors);
            Assert.Equal(expected, result.Blocks.Select(b => (b.Line, b.Info, b.Content, b.Comment)));
        });
    }

    [Fact]
    public void Parse_UnclosedFenceAfterAnyMix_IsReported()
    {
        Gen.Select(Gen.OneOf(PlainSegment, FenceSegment).Array[0, 6], FenceSegment).Sample((segments, last) =>
        {
            var (text, expected) = Render(segments);
            var openLine = text.Count(c => c == '\n') + 1;
            text += new string(last.FenceChar, last.FenceLength) + last.Info + "\n" + string.Join('\n', last.Content);

            var result = FenceParser.Parse(text);

            var error = Assert.Single(result.Errors);
            Assert.Equal(openLine, error.Line);
            Assert.Equal(expected, result.Blocks.Select(b => (b.Line, b.Info, b.Content, b.Comment)));
        });
    }

    private static (string Text, List<(int Line, string Info, string Content, string? Comment)> Blocks) Render(Segment[] segments)
    {
        var text = new StringBuilder();
        var blocks = new List<(int, string, string, string?)>();
        var line = 1;
        string? lastNonBlank = null;
        foreach (var segment in segments)
        {
            if (segment.Plain is { } plain)
            {
                foreach (var l in plain)
                {
                    text.Append(l).Append('\n');
                    line++;
                    lastNonBlank = string.IsNullOrWhiteSpace(l) ? lastNonBlank : l;
                }

                continue;
            }

            if (segment.Comment is { } comment)
            {
                text.Append(comment).Append('\n');
                line++;
                lastNonBlank = comment;
            }

            var fence = new string(segment.FenceChar, segment.FenceLength);
            var expectedComment = lastNonBlank is { } previous && previous.TrimStart().StartsWith("<!--", StringComparison.Ordinal) ? previous.Trim() : null;
            blocks.Add((line, segment.Info, string.Join('\n', segment.Content), expectedComment));
            text.Append(fence).Append(segment.Info).Append('\n');
            foreach (var l in segment.Content)
            {
                text.Append(l).Append('\n');
            }

            text.Append(fence).Append('\n');
            line += segment.Content.Length + 2;
            lastNonBlank = fence;
        }

        return (text.ToString(), blocks);
    }

    private static bool ClosesFence(string line, char c, int length)
    {
        var trimmed = line.TrimStart(' ');
        return line.Length - trimmed.Length <= 3 && trimmed.Length >= length && trimmed.TrimEnd().All(x => x == c) && trimmed.TrimEnd().Length >= length;
    }

    [GeneratedRegex(@"^ {0,3}(```|~~~)")]
    private static partial Regex FenceLike();
}
