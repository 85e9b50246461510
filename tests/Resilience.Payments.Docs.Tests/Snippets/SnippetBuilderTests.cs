using Microsoft.CodeAnalysis;

namespace Resilience.Payments.Docs.Tests.Snippets;

public sealed class SnippetBuilderTests
{
    [Theory]
    [InlineData("var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();", SnippetContext.Program)]
    [InlineData("var app = builder.Build();\napp.MapHealthChecks(\"/health\");", SnippetContext.Services)]
    [InlineData("services.AddLogging();", SnippetContext.Services)]
    [InlineData("public sealed class Foo { }\npublic record Bar(int X);", SnippetContext.Class)]
    [InlineData("using System.Text;\n\npublic sealed class Foo { }", SnippetContext.Class)]
    public void InferContext_FromTheCode(string code, SnippetContext expected) => Assert.Equal(expected, SnippetBuilder.InferContext(code));

    [Fact]
    public void Build_Services_CompilesWithTheApplicationVariables()
    {
        var source = SnippetBuilder.Build("using System.Text;\n\nservices.AddLogging();\nvar text = new StringBuilder().Append(configuration[\"a\"]).Append(builder.Environment.EnvironmentName);\ncancellationToken.ThrowIfCancellationRequested();", "doc.md", 10, DocsTestDirective.None);

        Assert.Equal(SnippetContext.Services, source.Context);
        Assert.Empty(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")));
    }

    [Fact]
    public void Build_Error_IsReportedAtTheMarkdownLine()
    {
        var source = SnippetBuilder.Build("using System.Text;\n\nservices.AddLogging();\nNoSuchMethod();", "docs/x.md", 10, DocsTestDirective.None);

        var error = Assert.Single(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")));
        var span = error.Location.GetMappedLineSpan();
        Assert.Equal("docs/x.md", span.Path);
        Assert.Equal(13, span.StartLinePosition.Line + 1);
        Assert.StartsWith("docs/x.md(13,1): error CS0103", SnippetCompiler.Format([error]), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LibraryNamespace_IsNotImplicit()
    {
        var source = SnippetBuilder.Build("var money = Money.Kes(200);", "doc.md", 1, DocsTestDirective.None);

        Assert.Contains(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")), e => e.Id == "CS0103");
    }

    [Fact]
    public void Build_ConsoleSdk_HasNoAspNetCoreUsings()
    {
        var directive = DocsTestDirective.None with { Sdk = "console", Context = SnippetContext.Program };
        var source = SnippetBuilder.Build("var builder = WebApplication.CreateBuilder(args);", "doc.md", 1, directive);

        Assert.Equal(OutputKind.ConsoleApplication, source.OutputKind);
        Assert.Contains(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")), e => e.Id == "CS0103");
    }

    [Fact]
    public void Build_Members_WrapsExtensionMethodsInAStaticClass()
    {
        var directive = DocsTestDirective.None with { Context = SnippetContext.Members };
        var source = SnippetBuilder.Build("public static IServiceCollection AddThing(this IServiceCollection services) => services;", "doc.md", 1, directive);

        Assert.Empty(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")));
    }

    [Fact]
    public void Build_Params_AddsParameters()
    {
        var directive = DocsTestDirective.None with { Parameters = "string checkoutRequestId, int resultCode" };
        var source = SnippetBuilder.Build("var text = checkoutRequestId + resultCode;", "doc.md", 1, directive);

        Assert.Empty(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")));
    }

    [Fact]
    public void Build_BlockDeclaringApp_LeavesOutThatParameter()
    {
        var source = SnippetBuilder.Build("var app = builder.Build();\napp.MapHealthChecks(\"/health\");", "doc.md", 1, DocsTestDirective.None);

        Assert.Empty(SnippetCompiler.Errors(SnippetCompiler.Compile(source, "Test")));
    }
}
