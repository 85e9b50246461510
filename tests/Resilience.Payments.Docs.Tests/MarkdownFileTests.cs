using Resilience.Payments.Docs.Tests.Markdown;

namespace Resilience.Payments.Docs.Tests;

/// <summary>The Markdown files render as written: every fence closes, and every relative link names an existing file and heading.</summary>
public sealed class MarkdownFileTests
{
    /// <summary>Gets every Markdown file of the repository.</summary>
    public static TheoryData<string> AllFiles => [.. DocsCatalog.AllMarkdownFiles];

    /// <summary>Gets the guide's files (README.md and docs/), whose relative links must resolve.</summary>
    public static TheoryData<string> GuideFiles => [.. DocsCatalog.DocumentationFiles.Except(DocsCatalog.PackageReadmes)];

    /// <summary>Gets the package READMEs.</summary>
    public static TheoryData<string> PackageReadmes => [.. DocsCatalog.PackageReadmes];

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Markdown_EveryFenceCloses(string file)
    {
        var errors = FenceParser.Parse(DocsCatalog.Read(file)).Errors;

        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => $"{file}:{e.Line}: {e.Message}")));
    }

    [Theory]
    [MemberData(nameof(GuideFiles))]
    public void RelativeLinks_PointToExistingFilesAndHeadings(string file)
    {
        var broken = MarkdownLinks.Find(DocsCatalog.Read(file))
            .Where(link => link.IsRelative)
            .Select(link => (link, problem: Problem(file, link.Target)))
            .Where(x => x.problem is not null)
            .Select(x => $"{file}:{x.link.Line}: ({x.link.Target}) {x.problem}")
            .ToList();

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void PackageReadme_HasNoRelativeLinks(string file)
    {
        // A package's README is shown on its package page, where a link relative to the repository leads nowhere.
        var relative = MarkdownLinks.Find(DocsCatalog.Read(file)).Where(link => link.IsRelative).Select(link => $"{file}:{link.Line}: {link.Target}").ToList();

        Assert.True(relative.Count == 0, string.Join('\n', relative));
    }

    private static string? Problem(string file, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var linked = pathPart.Length == 0
            ? file
            : Path.GetRelativePath(DocsCatalog.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(DocsCatalog.FullPath(file))!, pathPart))).Replace(Path.DirectorySeparatorChar, '/');
        var full = DocsCatalog.FullPath(linked);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return $"no such file: {linked}";
        }

        if (anchor is null || !linked.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return MarkdownLinks.Anchors(DocsCatalog.Read(linked)).Contains(anchor) ? null : $"no heading #{anchor} in {linked}";
    }
}
