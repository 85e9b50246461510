using Resilience.Payments.Tool.Cli;

namespace Resilience.Payments.Tool.Tests;

public class StoreOpenerTests
{
    [Fact]
    public void Redact_MessageWithPasswordOrConnectionString_HidesBoth()
    {
        const string Connection = "Host=db;Username=ops;Password=s3cret-Pa55word";

        var withPassword = StoreOpener.Redact("authentication failed (password s3cret-Pa55word)", Connection);
        var withWhole = StoreOpener.Redact("bad: " + Connection, Connection);

        Assert.Equal("authentication failed (password ****)", withPassword);
        Assert.Equal("bad: (connection string)", withWhole);
    }

    [Fact]
    public async Task Open_BothStores_ExitsOneNamingBothOptions()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("--sqlite", h.File, "--postgres", "Host=x;Password=s3cret", "status");

        Assert.Equal(1, exit);
        Assert.Contains("--sqlite and --postgres", h.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", h.Error.ToString(), StringComparison.Ordinal);
    }
}
