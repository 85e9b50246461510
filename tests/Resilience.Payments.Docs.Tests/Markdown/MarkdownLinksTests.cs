namespace Resilience.Payments.Docs.Tests.Markdown;

public sealed class MarkdownLinksTests
{
    [Theory]
    [InlineData("Callbacks and health checks (ASP.NET Core)", "callbacks-and-health-checks-aspnet-core")]
    [InlineData("M-Pesa (Daraja)", "m-pesa-daraja")]
    [InlineData("Quick start", "quick-start")]
    [InlineData("`Timeout` → `RequestTimeout`", "timeout--requesttimeout")]
    public void Slug_IsGitHubs(string heading, string expected) => Assert.Equal(expected, MarkdownLinks.Slug(heading));

    [Fact]
    public void Find_SkipsCodeAndReadsDefinitions()
    {
        var links = MarkdownLinks.Find("See [a](docs/a.md#x) and `[b](not-a-link)`.\n```md\n[c](in-code.md)\n```\n[ref]: https://example.org/\n![img](images/x.png \"title\")\n");

        Assert.Equal(["docs/a.md#x", "https://example.org/", "images/x.png"], links.Select(l => l.Target));
        Assert.Equal([1, 5, 6], links.Select(l => l.Line));
        Assert.False(links[1].IsRelative);
    }

    [Fact]
    public void Anchors_NumberRepeatedHeadings()
    {
        var anchors = MarkdownLinks.Anchors("# Title\n## Use\n```sh\n# not a heading\n```\n## Use\n");

        Assert.Equal(["title", "use", "use-1"], anchors.Order(StringComparer.Ordinal));
    }
}
