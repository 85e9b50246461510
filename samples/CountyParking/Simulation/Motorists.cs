using System.Globalization;
using CountyParking.Scenarios;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>The day's motorists, generated from the scenario's seed: the same seed gives the same requests (and keys) on every run.</summary>
public static class Motorists
{
    public static IReadOnlyList<PaymentRequest> Generate(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new Random(scenario.Seed);
        var requests = new List<PaymentRequest>(scenario.Payments);
        for (var i = 0; i < scenario.Payments; i++)
        {
            var roll = random.NextDouble();
            var amount = random.Next(scenario.Amount.Min, scenario.Amount.Max + 1);
            List<PaymentInstrument> instruments;
            if (roll < scenario.Payers.Mpesa)
            {
                // Safaricom ranges 0700-0729; one M-Pesa payer in five also saved a card with the county.
                instruments = [PaymentInstrument.MobileMoney(string.Create(CultureInfo.InvariantCulture, $"07{random.Next(0, 30):D2}{random.Next(0, 1_000_000):D6}"))];
                if (random.NextDouble() < 0.2)
                {
                    instruments.Add(PaymentInstrument.Card(string.Create(CultureInfo.InvariantCulture, $"AUTH_{random.Next(0, 100_000_000):x8}")));
                }
            }
            else if (roll < scenario.Payers.Mpesa + scenario.Payers.Airtel)
            {
                // Airtel ranges 0730-0739.
                instruments = [PaymentInstrument.MobileMoney(string.Create(CultureInfo.InvariantCulture, $"073{random.Next(0, 10)}{random.Next(0, 1_000_000):D6}"))];
            }
            else
            {
                instruments = [PaymentInstrument.Card(string.Create(CultureInfo.InvariantCulture, $"AUTH_{random.Next(0, 100_000_000):x8}"))];
            }

            requests.Add(new PaymentRequest
            {
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"park-{scenario.Seed}-{i:D6}"),
                Amount = Money.Kes(amount),
                Instruments = instruments,
                AccountReference = Plate(i, random),
                Description = "Parking fee",
            });
        }

        return scenario.PaidTwice > 0 ? WithSecondPayments(requests, scenario) : requests;
    }

    /// <summary>
    /// The motorists who pay the same bill a second time under another key (<c>paidTwice</c>), a little later in the day: by card
    /// when they saved one (the M-Pesa prompt seemed to fail), else the same way again. The same account reference and amount: the
    /// gateway flags these (PossibleDuplicatePaymentEvent) and refunds nothing by itself.
    /// </summary>
    private static List<PaymentRequest> WithSecondPayments(List<PaymentRequest> requests, Scenario scenario)
    {
        var random = new Random(scenario.Seed ^ 0x2A2A2A);
        var later = new Dictionary<int, List<PaymentRequest>>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (random.NextDouble() >= scenario.PaidTwice)
            {
                continue;
            }

            var first = requests[i];
            var card = first.Instruments.FirstOrDefault(x => x.Kind == InstrumentKind.Card);
            var second = new PaymentRequest
            {
                IdempotencyKey = first.IdempotencyKey + "-again",
                Amount = first.Amount,
                Instruments = card is null ? first.Instruments : [card],
                AccountReference = first.AccountReference,
                Description = first.Description,
            };
            var at = Math.Min(requests.Count - 1, i + 1 + random.Next(30));
            (later.TryGetValue(at, out var list) ? list : later[at] = []).Add(second);
        }

        var all = new List<PaymentRequest>(requests.Count + later.Values.Sum(l => l.Count));
        for (var i = 0; i < requests.Count; i++)
        {
            all.Add(requests[i]);
            if (later.TryGetValue(i, out var seconds))
            {
                all.AddRange(seconds);
            }
        }

        return all;
    }

    /// <summary>A Kenyan-style number plate, unique per motorist of the day (the account reference the payer sees).</summary>
    private static string Plate(int i, Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"K{(char)('A' + (i / 26_000 % 26))}{(char)('A' + (i / 1000 % 26))} {i % 1000:D3}{(char)('A' + random.Next(26))}");
}
