using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>
/// The providers' charge ledgers, as append-only files outside the child process: shared by the child (which charges)
/// and the checker (which counts). A line counts only when it is complete (ends with a newline); a line torn by a kill
/// counts for neither.
/// </summary>
internal static class LedgerFiles
{
    public const string AcceptedFile = "accepted.log";

    public static readonly string[] Providers = ["alpha", "beta"];

    public static string ChargesPath(string directory, string provider) => Path.Combine(directory, provider + ".log");

    public static string DeclinesPath(string directory, string provider) => Path.Combine(directory, provider + ".declines");

    public static string AcceptedPath(string directory) => Path.Combine(directory, AcceptedFile);

    /// <summary>Collections a provider holds in its queue (charged later, after "not found" was answered): attempt reference, key, amount, ticks.</summary>
    public static string HeldPath(string directory, string provider) => Path.Combine(directory, provider + ".held");

    /// <summary>The provider's refund ledger: one line per refund that moves (or will move) money: reference, key, charge reference, amount, mode, ticks.</summary>
    public static string RefundsPath(string directory, string provider) => Path.Combine(directory, provider + ".refunds");

    /// <summary>Refunds the provider refused: reference, key, code.</summary>
    public static string RefundDeclinesPath(string directory, string provider) => Path.Combine(directory, provider + ".refund-declines");

    /// <summary>Asynchronous refunds the provider completed: reference.</summary>
    public static string RefundSettledPath(string directory, string provider) => Path.Combine(directory, provider + ".refund-settled");

    /// <summary>Callbacks the merchant acknowledged (the provider re-sends the others): kind, reference.</summary>
    public static string AckedPath(string directory, string provider) => Path.Combine(directory, provider + ".acked");

    /// <summary>Refunds the application was answered about (the gateway reserved them): refund key, payment key, status.</summary>
    public static string ToldPath(string directory) => Path.Combine(directory, "refunds-told.log");

    /// <summary>Reads the complete lines of a file, split by tabs; none when it does not exist.</summary>
    public static List<string[]> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var lines = new List<string[]>();
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                break; // a torn last line, or none
            }

            if (end > start)
            {
                lines.Add(text[start..end].Split('\t'));
            }

            start = end + 1;
        }

        return lines;
    }

    /// <summary>Appends one line and fsyncs it before returning. A torn last line (from a kill) is closed off first.</summary>
    public static void AppendDurably(string path, string line)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var prefix = string.Empty;
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
            {
                prefix = "\n";
            }
        }

        stream.Seek(0, SeekOrigin.End);
        var bytes = Encoding.UTF8.GetBytes(prefix + line + "\n");
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: true);
    }
}
