using System.IO;
using Spectre.Console.Testing;

namespace Resilience.Payments.Tool.Tests;

public class ActionCommandTests
{
    [Fact]
    public async Task Requeue_WithYes_QueuesTheDeadLetterWithTheActorInTheAuditTrail()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("requeue", "dead", "--yes", "--actor", "wanjiku");

        Assert.Equal(0, exit);
        Assert.Contains("Requeue: payment dead is now Queued", h.Console.Output, StringComparison.Ordinal);
        var record = await h.RecordAsync("dead");
        Assert.Equal(PaymentStatus.Queued, record.Status);
        var note = Assert.Single(record.OperatorNotes);
        Assert.Equal(("wanjiku", OperatorActionKind.Requeue), (note.Actor, note.Action));
    }

    [Fact]
    public async Task Requeue_NotInteractiveWithoutYes_ExitsOneAndChangesNothing()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();
        var before = await h.RecordAsync("dead");

        var exit = await h.RunAsync("requeue", "dead");

        Assert.Equal(1, exit);
        Assert.Contains("--yes", h.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before.Version, (await h.RecordAsync("dead")).Version);
    }

    [Fact]
    public async Task Cancel_Queued_Json_DefaultActorIsTheOsUser()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("cancel", "queued", "--reason", "paid cash", "--yes", "--json");

        Assert.Equal(0, exit);
        var json = h.Json();
        Assert.Equal(("Cancel", "os-user", "Cancelled"), (json.GetProperty("action").GetString(), json.GetProperty("actor").GetString(), json.GetProperty("payment").GetProperty("status").GetString()));
        Assert.Equal("paid cash", Assert.Single((await h.RecordAsync("queued")).OperatorNotes).Detail);
    }

    [Fact]
    public async Task Cancel_MissingReason_ExitsOne()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("cancel", "queued", "--yes");

        Assert.Equal(1, exit);
        Assert.Contains("--reason", h.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Queued, (await h.RecordAsync("queued")).Status);
    }

    [Fact]
    public async Task Cancel_SucceededPayment_RefusedExitsOneAndChangesNothing()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("cancel", "paid", "--reason", "oops", "--yes");

        Assert.Equal(1, exit);
        Assert.Contains("only a Queued payment may be cancelled", h.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty((await h.RecordAsync("paid")).OperatorNotes);
    }

    [Fact]
    public async Task Reconcile_Pending_MakesItDueNow()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("reconcile", "pending", "--yes");

        Assert.Equal(0, exit);
        Assert.Equal(h.Time.GetUtcNow(), (await h.RecordAsync("pending")).DueAt);
    }

    [Fact]
    public async Task Review_WithNote_WritesTheNote()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("review", "pending", "--note", "called the driver", "--yes");

        Assert.Equal(0, exit);
        Assert.Equal(OperatorActionKind.Review, Assert.Single((await h.RecordAsync("pending")).OperatorNotes).Action);
    }

    [Fact]
    public async Task Refund_Amount_RecordsAQueuedRefund()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("refund", "paid", "--amount", "150.50", "--reason", "wrong zone", "--refund-key", "op-1", "--yes", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("Queued", h.Json().GetProperty("refund").GetProperty("status").GetString());
        var refund = Assert.Single((await h.RecordAsync("paid")).Refunds);
        Assert.Equal((Money.Kes(150.50m), RefundStatus.Queued, "op-1"), (refund.Amount, refund.Status, refund.Key));
    }

    [Theory]
    [InlineData("600", "Amount")]
    [InlineData("abc", "--amount")]
    [InlineData("-1", "--amount")]
    public async Task Refund_BadAmount_ExitsOneNamingTheFieldAndChangesNothing(string amount, string field)
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        var exit = await h.RunAsync("refund", "paid", "--amount", amount, "--reason", "r", "--yes");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: " + field, h.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty((await h.RecordAsync("paid")).Refunds);
    }

    [Fact]
    public async Task Refund_UnknownKey_ExitsTwo()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        Assert.Equal(2, await h.RunAsync("refund", "nope", "--reason", "r", "--yes"));
    }

    [Fact]
    public async Task Requeue_InteractiveConfirmed_Acts()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();
        h.ConfigureConsole = console =>
        {
            console.Interactive();
            console.Input.PushTextWithEnter("y");
        };

        var exit = await h.RunAsync("requeue", "dead");

        Assert.Equal(0, exit);
        Assert.Equal(PaymentStatus.Queued, (await h.RecordAsync("dead")).Status);
    }

    [Fact]
    public async Task Settlement_Out_WritesTheCsvFile()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();
        var file = Path.Combine(Path.GetTempPath(), "settlement-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var exit = await h.RunAsync("settlement", "--date", "2026-07-24", "--utc-offset", "+03:00", "--out", file);

            Assert.Equal(0, exit);
            Assert.Equal(
                "date,provider,currency,payments,succeeded,charged,extra_charges,extra_charged,refunds,refunded,unresolved,outstanding,not_charged\r\n"
                + "2026-07-24,mpesa,KES,2,1,500.00,0,0.00,0,0.00,1,100.00,0\r\n"
                + "2026-07-24,paystack,KES,3,1,75.00,0,0.00,0,0.00,0,0.00,2\r\n",
                await File.ReadAllTextAsync(file));
            Assert.Contains("Settlement 2026-07-24", h.Console.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Settlement_BadDate_ExitsOneNamingTheOption()
    {
        using var h = new ToolHarness();
        await h.SeedAsync();

        Assert.Equal(1, await h.RunAsync("settlement", "--date", "24/07/2026"));
        Assert.Contains("--date", h.Error.ToString(), StringComparison.Ordinal);
    }
}
