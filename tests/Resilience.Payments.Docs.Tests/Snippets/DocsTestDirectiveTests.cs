namespace Resilience.Payments.Docs.Tests.Snippets;

public sealed class DocsTestDirectiveTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("<!-- an ordinary comment -->")]
    [InlineData("not a comment")]
    public void Parse_NoDirective_ReturnsNone(string? comment) => Assert.Same(DocsTestDirective.None, DocsTestDirective.Parse(comment));

    [Fact]
    public void Parse_AllKeys_ReadsEach()
    {
        var directive = DocsTestDirective.Parse("<!-- docs-test: context=services; params=IPaymentGateway gateway, string id; sdk=console; run; expect=Paid via mpesa -->");

        Assert.Equal(SnippetContext.Services, directive.Context);
        Assert.Equal("IPaymentGateway gateway, string id", directive.Parameters);
        Assert.Equal("console", directive.Sdk);
        Assert.True(directive.Run);
        Assert.Equal("Paid via mpesa", directive.Expect);
        Assert.Null(directive.SkipReason);
    }

    [Fact]
    public void Parse_Skip_KeepsTheReason()
    {
        var directive = DocsTestDirective.Parse("<!-- docs-test: skip=a fragment of the class above -->");

        Assert.Equal("a fragment of the class above", directive.SkipReason);
    }

    [Theory]
    [InlineData("<!-- docs-test: context=script -->")]
    [InlineData("<!-- docs-test: colour=blue -->")]
    [InlineData("<!-- docs-test: skip -->")]
    [InlineData("<!-- docs-test: sdk=worker -->")]
    public void Parse_UnknownKeyOrValue_Throws(string comment) => Assert.Throws<FormatException>(() => DocsTestDirective.Parse(comment));
}
