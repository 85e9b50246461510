using System.Diagnostics;
using System.Globalization;

namespace Resilience.Payments.CrashTests;

/// <summary>
/// Proves rule 5 of the design with a real process: a child application takes payments through the gateway over the
/// SQLite store and is killed with SIGKILL at seeded instants (while the schema is created, while a provider call is in
/// flight, in the middle of a burst of commits, late, while refunds are sent, while refund callbacks are applied), restarted on
/// the same store and provider ledgers, and finally drained by the workers. Then every charge and every refund at the providers is
/// matched against the store: no payment or refund lost, none charged or refunded twice, every extra charge reversed once. The
/// child's event observers write what they are given to files outside the process (fsynced), some kills landing between an
/// observer's write and the dispatcher's checkpoint: every success's event reached the observer at least once, in order per
/// payment, one content per event id, and only the events an observer was made to fail past its attempts are dead letters.
/// </summary>
public class ProcessCrashTests
{
    // RESILIENCE_CRASH_ROUNDS runs fewer (a quick look) or more (a soak) rounds; the default is the committed proof.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("RESILIENCE_CRASH_ROUNDS"), CultureInfo.InvariantCulture, out var rounds) && rounds > 0 ? rounds : 20;
    private const int PaymentsPerRound = 40;
    private const int ParallelRounds = 4;
    private static readonly TimeSpan TakeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    private enum KillMoment
    {
        /// <summary>Right as the store opens: while the schema is created (first run) or checked (restarts).</summary>
        SchemaCreation,

        /// <summary>Just after the n-th provider call started: calls in flight, charges possibly made, not yet recorded.</summary>
        MidAttempt,

        /// <summary>Just after the n-th payment returned: under a burst of commits from payments, the queue and the reconciler.</summary>
        MidCommit,

        /// <summary>A fixed time after start: whatever is happening then (resumed payments, reconciliation, idle).</summary>
        Late,

        /// <summary>Just after the n-th refund reached a provider: refunds in flight, money possibly given back, not yet recorded.</summary>
        MidRefund,

        /// <summary>Just after the n-th provider callback began (an asynchronous refund completed, a late charge): applied or not, not acknowledged.</summary>
        MidCallback,

        /// <summary>Just after the observer wrote (and fsynced) the n-th event it was given: before the dispatcher's checkpoint, or just after.</summary>
        MidDelivery,
    }

    [Fact]
    public async Task KilledWithSigkillAtRandomInstants_NoPaymentLostOrChargedTwice()
    {
        var stopwatch = Stopwatch.StartNew();
        var results = new RoundResult[Rounds];
        await Parallel.ForEachAsync(
            Enumerable.Range(1, Rounds),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRounds },
            async (seed, _) => results[seed - 1] = await RunRoundAsync(seed));
        stopwatch.Stop();

        foreach (var result in results)
        {
            Report(result.Summary);
        }

        var total = string.Create(
            CultureInfo.InvariantCulture,
            $"crash test total: rounds={Rounds} payments={results.Sum(r => r.Check.Accepted)} kills={results.Sum(r => r.Kills)} " +
            $"charges={results.Sum(r => r.Check.Charges)} succeeded={results.Sum(r => r.Check.Succeeded)} reconciled={results.Sum(r => r.Check.Reconciled)} notStarted={results.Sum(r => r.Check.NotStarted)} " +
            $"lost={results.Sum(r => r.Check.Lost)} duplicated={results.Sum(r => r.Check.Duplicated)} unexpected={results.Sum(r => r.Check.Unexpected)} " +
            $"unresolved={results.Sum(r => r.Check.Unresolved)} refunds={results.Sum(r => r.Check.Refunds)} refundsSucceeded={results.Sum(r => r.Check.RefundsSucceeded)} " +
            $"providerRefunds={results.Sum(r => r.Check.ProviderRefunds)} extraCharges={results.Sum(r => r.Check.ExtraCharges)} reversed={results.Sum(r => r.Check.Reversed)} " +
            $"refundsLost={results.Sum(r => r.Check.RefundsLost)} refundsDuplicated={results.Sum(r => r.Check.RefundsDuplicated)} refundsMismatched={results.Sum(r => r.Check.RefundsMismatched)} " +
            $"extraNotReversed={results.Sum(r => r.Check.ExtraNotReversed)} " +
            $"events={results.Sum(r => r.Check.Events.Stored)} delivered={results.Sum(r => r.Check.Events.Delivered)} redeliveries={results.Sum(r => r.Check.Events.Redeliveries)} " +
            $"redeliveredAfterKill={results.Sum(r => r.Check.Events.RedeliveredAfterKill)} flakyFailures={results.Sum(r => r.Check.Events.FlakyFailures)} flakyRetriedAfterRestart={results.Sum(r => r.Check.Events.FlakyRetriedAfterRestart)} deadLetters={results.Sum(r => r.Check.Events.DeadLetters)} " +
            $"successEventsMissing={results.Sum(r => r.Check.Events.SuccessMissing)} undelivered={results.Sum(r => r.Check.Events.Undelivered)} contentMismatches={results.Sum(r => r.Check.Events.ContentMismatches)} " +
            $"outOfOrder={results.Sum(r => r.Check.Events.OutOfOrder)} deadLetterMismatches={results.Sum(r => r.Check.Events.DeadLetterMismatches)} runtime={stopwatch.Elapsed.TotalSeconds:0.0}s");
        Report(total);

        var failed = results.Where(r => !r.Check.Clean).ToList();
        Assert.True(
            failed.Count == 0,
            total + "\n" + string.Join("\n", failed.Select(r => $"{r.Summary}\n  directory kept: {r.Directory}\n{r.Check.Evidence}")));
        Assert.All(results, r => Assert.True(r.Kills >= 1, $"round {r.Seed}: no kill landed ({r.Summary})"));

        // Not vacuous: money went back, and (over the committed rounds) late successes became extra charges to reverse.
        Assert.True(results.Sum(r => r.Check.RefundsSucceeded) > 0 && results.Sum(r => r.Check.ProviderRefunds) > 0, total);
        Assert.True(Rounds < 10 || results.Sum(r => r.Check.ExtraCharges) > 0, total);

        // Nor for events: every round's observer got events; over the committed rounds kills made the dispatcher deliver again, the
        // flaky observer's failures were retried by the next process after a kill, and some were dead-lettered.
        Assert.All(results, r => Assert.True(r.Check.Events.Delivered > 0 && r.Check.Events.Delivered == r.Check.Events.Stored, $"round {r.Seed}: {r.Summary}"));
        Assert.True(Rounds < 10 || results.Sum(r => r.Check.Events.RedeliveredAfterKill) > 0, total);
        Assert.True(Rounds < 10 || (results.Sum(r => r.Check.Events.FlakyRetriedAfterRestart) > 0 && results.Sum(r => r.Check.Events.DeadLetters) > 0), total);
    }

    private static void Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    private static async Task<RoundResult> RunRoundAsync(int seed)
    {
        var random = new Random(seed);
        var directory = Path.Combine(Path.GetTempPath(), "resilience-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = Path.Combine(directory, "payments.db");
        var plannedKills = 1 + random.Next(3);
        var kills = new List<string>();

        // A planned kill can miss: on a quiet machine a run may finish its payments before a Late kill. A round then adds a
        // kill while the store opens, which every run does first, so that each round kills at least once.
        for (var k = 0; k < plannedKills || (kills.Count == 0 && k < plannedKills + 2); k++)
        {
            var moment = k < plannedKills ? (KillMoment)random.Next(7) : KillMoment.SchemaCreation;
            using var child = ChildProcess.Start(store, directory, PaymentsPerRound, seed, "take");
            var trigger = moment switch
            {
                KillMoment.SchemaCreation => (Word: "store-opening", Count: 1, Delay: random.Next(0, 12)),
                KillMoment.MidAttempt => (Word: "initiate", Count: 1 + random.Next(20), Delay: random.Next(0, 25)),
                KillMoment.MidCommit => (Word: "result", Count: 2 + random.Next(25), Delay: random.Next(0, 4)),
                KillMoment.MidRefund => (Word: "refund-send", Count: 1 + random.Next(6), Delay: random.Next(0, 30)),
                KillMoment.MidCallback => (Word: "refund-callback", Count: 1 + random.Next(3), Delay: random.Next(0, 4)),
                KillMoment.MidDelivery => (Word: "delivered", Count: 1 + random.Next(40), Delay: random.Next(0, 3)),
                _ => (Word: "start", Count: 1, Delay: 300 + random.Next(1500)),
            };

            var seen = await child.WaitForLineAsync(trigger.Word, trigger.Count, TakeTimeout);
            if (seen && trigger.Delay > 0)
            {
                await Task.Delay(trigger.Delay);
            }

            var killed = child.Kill();
            var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(20), $"round {seed} kill {k + 1}");
            if (killed)
            {
                kills.Add($"{moment}@{trigger.Word}#{trigger.Count}+{trigger.Delay}ms");
            }
            else
            {
                Assert.True(code == 0, $"round {seed}: a take run exited by itself with {code} before its kill.\nstderr:\n{child.StandardError}");
            }
        }

        using (var take = ChildProcess.Start(store, directory, PaymentsPerRound, seed, "take"))
        {
            var code = await take.WaitForExitAsync(TakeTimeout, $"round {seed} final take");
            Assert.True(code == 0, $"round {seed}: the final take exited with {code}.\nstderr:\n{take.StandardError}\nlast output:\n{take.LastLines}");
        }

        using (var drain = ChildProcess.Start(store, directory, PaymentsPerRound, seed, "drain"))
        {
            var code = await drain.WaitForExitAsync(DrainTimeout, $"round {seed} drain");
            Assert.True(code == 0, $"round {seed}: the drain exited with {code}.\nstderr:\n{drain.StandardError}\nlast output:\n{drain.LastLines}");
        }

        var check = await CrashChecker.CheckAsync(store, directory, seed);
        if (check.Clean)
        {
            Directory.Delete(directory, recursive: true);
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"round {seed,2}: payments={check.Accepted} stored={check.Stored} kills={kills.Count} [{string.Join(", ", kills)}] charges={check.Charges} " +
            $"succeeded={check.Succeeded} reconciled={check.Reconciled} notStarted={check.NotStarted} lost={check.Lost} duplicated={check.Duplicated} unexpected={check.Unexpected} unresolved={check.Unresolved} " +
            $"refunds={check.Refunds}/{check.RefundsSucceeded} providerRefunds={check.ProviderRefunds} extra={check.ExtraCharges} reversed={check.Reversed} " +
            $"refundsLost={check.RefundsLost} refundsDuplicated={check.RefundsDuplicated} refundsMismatched={check.RefundsMismatched} extraNotReversed={check.ExtraNotReversed} " +
            $"events={check.Events.Stored} delivered={check.Events.Delivered} redeliveries={check.Events.Redeliveries} redeliveredAfterKill={check.Events.RedeliveredAfterKill} " +
            $"flakyFailures={check.Events.FlakyFailures} flakyRetriedAfterRestart={check.Events.FlakyRetriedAfterRestart} deadLetters={check.Events.DeadLetters} successEventsMissing={check.Events.SuccessMissing} undelivered={check.Events.Undelivered} " +
            $"contentMismatches={check.Events.ContentMismatches} outOfOrder={check.Events.OutOfOrder} deadLetterMismatches={check.Events.DeadLetterMismatches}");
        return new RoundResult(seed, kills.Count, check, summary, directory);
    }

    private sealed record RoundResult(int Seed, int Kills, CheckResult Check, string Summary, string Directory);
}
