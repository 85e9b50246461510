using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Tests.Telemetry;

/// <summary>
/// Log event ids are one range per package (docs: DESIGN.md, "Shape for 1.0"): core 1-999, stores 1000-1999, callbacks
/// and health 2000-2999, adapters 3000-3999 in blocks of 100, Testing 9000 and up. An id names one message in all packages.
/// </summary>
public class LogEventIdTests
{
    // One public type of each library package, so that its assembly is loaded, with the range of its event ids.
    private static readonly (Type Anchor, int First, int Last)[] Packages =
    [
        (typeof(PaymentGatewayOptions), 1, 999),
        (typeof(Sqlite.SqlitePaymentStore), 1000, 1999),
        (typeof(PostgreSql.PostgreSqlPaymentStore), 1000, 1999),
        (typeof(AspNetCore.InMemoryUnmatchedCallbackSink), 2000, 2999),
        (typeof(Mpesa.DarajaPaymentProvider), 3000, 3099),
        (typeof(AirtelMoney.AirtelMoneyPaymentProvider), 3100, 3199),
        (typeof(Paystack.PaystackPaymentProvider), 3200, 3299),
        (typeof(Pesapal.PesapalPaymentProvider), 3300, 3399),
        (typeof(Testing.FakePaymentProvider), 9000, int.MaxValue),
    ];

    [Fact]
    public void LoggerMessages_EveryPackage_EventIdsInsideItsRange()
    {
        var outside = Messages()
            .Where(m => m.Id < m.First || m.Id > m.Last)
            .Select(m => $"{m.Name}: {m.Id} (range {m.First}-{m.Last})")
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void LoggerMessages_AllPackages_EventIdsUnique()
    {
        var messages = Messages();
        var repeated = messages
            .GroupBy(m => m.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}")
            .ToList();

        Assert.True(messages.Count >= 50, $"only {messages.Count} [LoggerMessage] methods found; are the attributes still read?");
        Assert.Empty(repeated);
    }

    private static List<(string Name, int Id, int First, int Last)> Messages()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var messages = new List<(string Name, int Id, int First, int Last)>();
        foreach (var (anchor, first, last) in Packages)
        {
            var assembly = anchor.Assembly;
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(All))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                    {
                        messages.Add(($"{assembly.GetName().Name}: {type.Name}.{method.Name}", attribute.EventId, first, last));
                    }
                }
            }
        }

        return messages;
    }
}
