using System.Net.Http;

namespace Microsoft.Extensions.Http;

/// <summary>
/// Stands for Polly v7's <c>PolicyHttpMessageHandler</c> (package <c>Microsoft.Extensions.Http.Polly</c>, not referenced here): the
/// library recognises it by its full type name.
/// </summary>
internal sealed class PolicyHttpMessageHandler : DelegatingHandler
{
}
