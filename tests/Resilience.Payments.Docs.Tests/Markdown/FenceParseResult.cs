namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>The fenced blocks of a Markdown text, and the fences that never close.</summary>
/// <param name="Blocks">The closed blocks, in order.</param>
/// <param name="Errors">Unclosed fences (a CommonMark renderer would swallow the rest of the file into them).</param>
public sealed record FenceParseResult(IReadOnlyList<FencedBlock> Blocks, IReadOnlyList<FenceError> Errors);
