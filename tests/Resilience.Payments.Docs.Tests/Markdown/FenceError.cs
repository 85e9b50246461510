namespace Resilience.Payments.Docs.Tests.Markdown;

/// <summary>A fence the parser could not pair.</summary>
/// <param name="Line">The 1-based line of the fence.</param>
/// <param name="Message">What is wrong.</param>
public sealed record FenceError(int Line, string Message);
