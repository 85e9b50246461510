using Resilience.Payments.Docs.Tests.Markdown;

namespace Resilience.Payments.Docs.Tests;

/// <summary>The repository's Markdown files and their C# blocks, read once.</summary>
public static class DocsCatalog
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", ".git", "artifacts", "TestResults", "node_modules"];
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<IReadOnlyList<DocsBlock>> LazyBlocks = new(LoadBlocks);

    /// <summary>Gets the repository's root (the folder holding <c>Resilience.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Gets the documentation whose C# blocks must compile: <c>README.md</c>, <c>docs/**/*.md</c> and the package READMEs <c>src/*/README.md</c>.</summary>
    public static IReadOnlyList<string> DocumentationFiles =>
    [
        "README.md",
        .. Relative(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)),
        .. PackageReadmes,
    ];

    /// <summary>Gets the package READMEs, <c>src/*/README.md</c> (packed into each package: relative links break there).</summary>
    public static IReadOnlyList<string> PackageReadmes =>
        [.. Relative(Directory.EnumerateDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists))];

    /// <summary>Gets every Markdown file of the repository (outside build output), relative, with <c>/</c>.</summary>
    public static IReadOnlyList<string> AllMarkdownFiles =>
    [
        .. Relative(Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).Split(Path.DirectorySeparatorChar).Any(IgnoredFolders.Contains))),
    ];

    /// <summary>Gets every C# block of <see cref="DocumentationFiles"/>.</summary>
    public static IReadOnlyList<DocsBlock> CSharpBlocks => LazyBlocks.Value;

    /// <summary>Reads a file of the repository.</summary>
    /// <param name="relativePath">The path, relative to <see cref="Root"/>, with <c>/</c>.</param>
    /// <returns>The text.</returns>
    public static string Read(string relativePath) => File.ReadAllText(FullPath(relativePath));

    /// <summary>Gets the full path of a file of the repository.</summary>
    /// <param name="relativePath">The path, relative to <see cref="Root"/>, with <c>/</c>.</param>
    /// <returns>The full path.</returns>
    public static string FullPath(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Finds a block by its id (<c>file:line</c>).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The block.</returns>
    public static DocsBlock Block(string id) => CSharpBlocks.Single(b => b.Id == id);

    private static IEnumerable<string> Relative(IEnumerable<string> paths) =>
        paths.Select(p => Path.GetRelativePath(Root, p).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal);

    private static IReadOnlyList<DocsBlock> LoadBlocks() =>
    [
        .. DocumentationFiles.SelectMany(file => FenceParser.Parse(Read(file)).Blocks.Where(b => b.IsCSharp).Select(b => new DocsBlock(file, b))),
    ];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Resilience.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Resilience.sln above {AppContext.BaseDirectory}.");
    }
}
