namespace Resilience.Payments.Docs.Tests.Snippets;

/// <summary>
/// The <c>&lt;!-- docs-test: ... --&gt;</c> comment on the line before a C# fence: <c>key=value</c> pairs separated by <c>;</c>.
/// Keys: <c>context</c> (<c>program</c>, <c>services</c>, <c>class</c>, <c>members</c>: see <see cref="SnippetContext"/>),
/// <c>params</c> (extra parameters of the <c>services</c> method, C# syntax: <c>IPaymentGateway gateway, string checkoutRequestId</c>),
/// <c>sdk</c> (<c>web</c>, the default, or <c>console</c>: which implicit usings the block gets), <c>skip</c> (a reason: the block is
/// not compiled), <c>run</c> (the program is also run by the Quick start test) and <c>expect</c> (text its output must contain).
/// </summary>
/// <param name="Context">The context, or <see langword="null"/> to infer it from the code.</param>
/// <param name="Parameters">Extra method parameters for <see cref="SnippetContext.Services"/>.</param>
/// <param name="Sdk">The implicit usings: <c>web</c> or <c>console</c>.</param>
/// <param name="SkipReason">Why the block is not compiled, or <see langword="null"/>.</param>
/// <param name="Run">Whether the Quick start test runs the program.</param>
/// <param name="Expect">Text the run's output must contain, or <see langword="null"/>.</param>
public sealed record DocsTestDirective(SnippetContext? Context, string? Parameters, string Sdk, string? SkipReason, bool Run, string? Expect)
{
    /// <summary>The marker that starts a directive comment.</summary>
    public const string Marker = "docs-test:";

    /// <summary>Gets the directive of a block without a comment.</summary>
    public static DocsTestDirective None { get; } = new(null, null, "web", null, false, null);

    /// <summary>Reads the directive from the comment before a fence.</summary>
    /// <param name="comment">The comment line (<c>&lt;!-- docs-test: context=services --&gt;</c>), another comment, or <see langword="null"/>.</param>
    /// <returns>The directive; <see cref="None"/> when the comment is not a docs-test directive.</returns>
    /// <exception cref="FormatException">A docs-test comment with an unknown key or value.</exception>
    public static DocsTestDirective Parse(string? comment)
    {
        if (comment is null)
        {
            return None;
        }

        var text = comment.Trim();
        if (!text.StartsWith("<!--", StringComparison.Ordinal) || !text.EndsWith("-->", StringComparison.Ordinal))
        {
            return None;
        }

        text = text[4..^3].Trim();
        if (!text.StartsWith(Marker, StringComparison.Ordinal))
        {
            return None;
        }

        var directive = None;
        foreach (var part in text[Marker.Length..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? part : part[..equals]).Trim();
            var value = equals < 0 ? null : part[(equals + 1)..].Trim();
            directive = key switch
            {
                "context" => directive with { Context = ParseContext(value) },
                "params" => directive with { Parameters = Required(key, value) },
                "sdk" => directive with { Sdk = value is "web" or "console" ? value : throw new FormatException($"docs-test: sdk must be web or console, not '{value}'.") },
                "skip" => directive with { SkipReason = Required(key, value) },
                "run" => directive with { Run = true },
                "expect" => directive with { Expect = Required(key, value) },
                _ => throw new FormatException($"docs-test: unknown key '{key}' (known: context, params, sdk, skip, run, expect)."),
            };
        }

        return directive;
    }

    private static SnippetContext ParseContext(string? value) => value switch
    {
        "program" => SnippetContext.Program,
        "services" => SnippetContext.Services,
        "class" => SnippetContext.Class,
        "members" => SnippetContext.Members,
        _ => throw new FormatException($"docs-test: context must be program, services, class or members, not '{value}'."),
    };

    private static string Required(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"docs-test: {key} needs a value ({key}=...).") : value;
}
