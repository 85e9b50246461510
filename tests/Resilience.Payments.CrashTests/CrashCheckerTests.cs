namespace Resilience.Payments.CrashTests;

/// <summary>The checker is not vacuous: it sees every kind of anomaly it is asked to count.</summary>
public sealed class CrashCheckerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "resilience-checker-" + Guid.NewGuid().ToString("N"));

    public CrashCheckerTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Check_NoStore_CountsChargedKeysLostDuplicatedAndUnexpected_AndUnchargedOnesNotStarted()
    {
        Accept("k-0", "k-1", "k-2");
        Charge("alpha", "k-0-1", "k-0");
        Charge("alpha", "k-1-1", "k-1");
        Charge("beta", "k-1-2", "k-1");
        Charge("beta", "x-9-1", "x-9");
        File.AppendAllText(LedgerFiles.ChargesPath(_directory, "alpha"), "k-2-1\tk-2"); // torn: no newline, not a charge

        var result = await CrashChecker.CheckAsync(Path.Combine(_directory, "payments.db"), _directory);

        Assert.Equal(3, result.Accepted);
        Assert.Equal(4, result.Charges);
        Assert.Equal(3, result.Lost); // k-0 once, k-1 twice: charged, never stored
        Assert.Equal(1, result.Duplicated); // k-1
        Assert.Equal(1, result.Unexpected); // x-9
        Assert.Equal(1, result.NotStarted); // k-2
        Assert.False(result.Clean);
        Assert.Contains("DUPLICATED k-1: charge[alpha k-1-1] charge[beta k-1-2] not stored", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendDurably_AfterTornLine_StartsOnANewLine()
    {
        var path = LedgerFiles.ChargesPath(_directory, "alpha");
        File.WriteAllText(path, "torn");

        LedgerFiles.AppendDurably(path, "k-0-1\tk-0\talpha");

        Assert.Equal([["torn"], ["k-0-1", "k-0", "alpha"]], LedgerFiles.ReadLines(path));
    }

    private void Accept(params string[] keys)
    {
        foreach (var key in keys)
        {
            LedgerFiles.AppendDurably(LedgerFiles.AcceptedPath(_directory), key);
        }
    }

    private void Charge(string provider, string reference, string key) =>
        LedgerFiles.AppendDurably(LedgerFiles.ChargesPath(_directory, provider), $"{reference}\t{key}\t{provider}");
}
