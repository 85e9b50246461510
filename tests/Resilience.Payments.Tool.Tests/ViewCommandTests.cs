namespace Resilience.Payments.Tool.Tests;

public class ViewCommandTests
{
    private const string FullPhone = "254712345678";

    [Fact]
    public async Task Status_Table_ShowsCountsTheQueueAndDeadLetters()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("status");

        Assert.Equal(0, exit);
        var text = h.Console.Output;
        Assert.Contains("Queued", text, StringComparison.Ordinal);
        Assert.Contains("Queue: 1 queued", text, StringComparison.Ordinal);
        Assert.Contains("Dead letters", text, StringComparison.Ordinal);
        Assert.Contains("dead", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FullPhone, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_HasStablePropertyNamesAndNoTable()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("status", "--json");

        Assert.Equal(0, exit);
        Assert.Empty(h.Console.Output);
        var json = h.Json();
        Assert.Equal(1, json.GetProperty("counts").GetProperty("Queued").GetInt32());
        Assert.Equal(1, json.GetProperty("queue").GetProperty("depth").GetInt32());
        Assert.Equal("dead", json.GetProperty("deadLettered")[0].GetProperty("key").GetString());
        Assert.Equal(0, json.GetProperty("providers").GetArrayLength());
        Assert.DoesNotContain(FullPhone, h.Out.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queued", "queued")]
    [InlineData("dead-lettered", "dead")]
    [InlineData("unresolved", "pending")]
    public async Task List_Kind_Json_ListsThePayments(string list, string key)
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("list", list, "--json");

        Assert.Equal(0, exit);
        Assert.Equal([key], h.Json().EnumerateArray().Select(p => p.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task List_Failovers_NewestFirst()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        await h.RunAsync("list", "failovers", "--json");

        Assert.Equal(["queued", "failover", "dead"], h.Json().EnumerateArray().Select(p => p.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task List_UnknownList_ExitsOneWithUsage()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("list", "everything");

        Assert.Equal(1, exit);
        Assert.Contains("everything", h.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Payment_TableHasAttemptsAndMaskedPhone()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("show", "failover");

        Assert.Equal(0, exit);
        var text = h.Console.Output;
        Assert.Contains("2547****5678", text, StringComparison.Ordinal);
        Assert.Contains("paystack", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FullPhone, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_HasAttemptsAndAuditTrail()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        await h.RunAsync("show", "failover", "--json");

        var json = h.Json();
        Assert.Equal(2, json.GetProperty("attempts").GetArrayLength());
        Assert.Equal("mobile-money 2547****5678", json.GetProperty("attempts")[0].GetProperty("instrument").GetString());
        Assert.Equal(0, json.GetProperty("auditTrail").GetArrayLength());
    }

    [Fact]
    public async Task Show_UnknownKey_ExitsTwo()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("show", "nope");

        Assert.Equal(2, exit);
        Assert.Contains("key: no payment has the key 'nope'", h.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5678")]
    [InlineData("2547****5678")]
    public async Task Search_Phone_FindsEveryPaymentOfThePayerMasked(string text)
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        await h.RunAsync("search", text, "--json");

        var found = h.Json().EnumerateArray().ToList();
        Assert.Equal(5, found.Count);
        Assert.DoesNotContain(FullPhone, h.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_AccountReference_FindsThePayment()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        await h.RunAsync("search", "KCA PAID");

        Assert.Contains("paid", h.Console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_MissingDatabaseFile_ExitsOneNamingTheOption()
    {
        using var h = new ToolHarness();

        var exit = await h.RunAsync("--sqlite", "/nonexistent/x.db", "status");

        Assert.Equal(1, exit);
        Assert.Contains("--sqlite", h.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_NoStore_ExitsOneNamingTheOptions()
    {
        using var h = new ToolHarness();
        var environment = new Cli.ToolEnvironment(new Spectre.Console.Testing.TestConsole(), new System.IO.StringWriter(), h.Error, _ => null, "me", h.Time);

        var exit = await Cli.PaymentsCommand.RunAsync(["status"], environment);

        Assert.Equal(1, exit);
        Assert.Contains("--sqlite or --postgres", h.Error.ToString(), StringComparison.Ordinal);
    }
}
