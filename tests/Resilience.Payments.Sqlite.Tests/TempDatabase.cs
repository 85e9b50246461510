using System.IO;

namespace Resilience.Payments.Sqlite.Tests;

/// <summary>A fresh temporary directory holding one database file, deleted on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rp-sqlite-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "payments.db");
    }

    public string Directory { get; }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    public SqlitePaymentStoreOptions Options(SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full, int maxBatchSize = 256) => new()
    {
        ConnectionString = ConnectionString,
        Synchronous = synchronous,
        MaxBatchSize = maxBatchSize,
    };

    public SqlitePaymentStore Open(SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full, int maxBatchSize = 256) => new(Options(synchronous, maxBatchSize));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
