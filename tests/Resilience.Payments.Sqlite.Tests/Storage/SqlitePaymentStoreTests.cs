using System.IO;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Tests.Storage;

public sealed class SqlitePaymentStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Open_NewFile_SetsWalAndSynchronousFullOnEveryConnection()
    {
        await using var store = _database.Open();

        Assert.Equal("wal", await store.ExecuteOnWriterAsync("PRAGMA journal_mode;"));
        Assert.Equal(2L, await store.ExecuteOnWriterAsync("PRAGMA synchronous;")); // 2 = FULL
        Assert.Equal(1L, await store.ExecuteOnWriterAsync("PRAGMA foreign_keys;"));
        Assert.Equal(5000L, await store.ExecuteOnWriterAsync("PRAGMA busy_timeout;"));
        Assert.Equal(2L, store.ExecuteOnReader("PRAGMA synchronous;"));
        Assert.Equal("wal", store.ExecuteOnReader("PRAGMA journal_mode;"));
        using var other = OpenRaw();
        Assert.Equal("wal", Scalar(other, "PRAGMA journal_mode;")); // persistent in the file
    }

    [Fact]
    public async Task Open_SynchronousNormal_SetsSynchronousNormal()
    {
        await using var store = _database.Open(SqliteSynchronousMode.Normal);

        Assert.Equal(1L, await store.ExecuteOnWriterAsync("PRAGMA synchronous;")); // 1 = NORMAL
        Assert.Equal("wal", await store.ExecuteOnWriterAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Open_NewFile_WritesSchemaVersionAndTables()
    {
        await using (_database.Open())
        {
        }

        using var connection = OpenRaw();
        Assert.Equal((long)SqlitePaymentStore.SchemaVersion, Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal(3L, SqlitePaymentStore.SchemaVersion);
        var objects = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                objects.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            [
                "ix_payment_attempts_provider_reference", "ix_payment_event_dead_letters_time", "ix_payment_refunds_payment", "ix_payment_refunds_provider_reference",
                "ix_payment_refunds_reference", "ix_payments_account_reference", "ix_payments_claim", "ix_payments_created", "payment_attempts",
                "payment_event_dead_letters", "payment_event_subscriptions", "payment_events", "payment_refunds", "payments",
            ],
            objects);
    }

    [Fact]
    public async Task Open_ExistingCurrentSchema_KeepsDataAndVersion()
    {
        await using (var store = _database.Open())
        {
            await store.TryCreateAsync(Records.Minimal("k1"), None);
        }

        await using (var reopened = _database.Open())
        {
            Assert.NotNull(await reopened.GetAsync("k1", None));
        }

        using var connection = OpenRaw();
        Assert.Equal(3L, Scalar(connection, "PRAGMA user_version;"));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void Open_NewerSchemaVersion_ThrowsNamingBothVersionsAndChangesNothing(int version)
    {
        using (var connection = OpenRaw())
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE payments_v{version} (x INTEGER); INSERT INTO payments_v{version} VALUES (42); PRAGMA user_version = {version};";
            command.ExecuteNonQuery();
        }

        var before = SHA256.HashData(File.ReadAllBytes(_database.FilePath));
        var filesBefore = Directory.GetFiles(_database.Directory).Order(StringComparer.Ordinal).ToArray();

        var error = Assert.Throws<InvalidOperationException>(() => _database.Open());

        Assert.Contains($"schema version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(_database.FilePath)));
        Assert.Equal(filesBefore, Directory.GetFiles(_database.Directory).Order(StringComparer.Ordinal).ToArray());
        using var check = OpenRaw();
        Assert.Equal("delete", Scalar(check, "PRAGMA journal_mode;"));
        Assert.Equal((long)version, Scalar(check, "PRAGMA user_version;"));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("json")]
    public void Open_FileThatIsNotADatabase_ThrowsNamingTheFileAndChangesNothing(string content)
    {
        var bytes = content == "random"
            ? Enumerable.Range(0, 4096).Select(i => (byte)new Random(20_260_724 + i).Next(256)).ToArray()
            : System.Text.Encoding.UTF8.GetBytes("""{"Payments":{"Sqlite":{"ConnectionString":"Data Source=payments.db"}}}""");
        File.WriteAllBytes(_database.FilePath, bytes);
        var filesBefore = Directory.GetFiles(_database.Directory).Order(StringComparer.Ordinal).ToArray();

        var error = Assert.Throws<InvalidOperationException>(() => _database.Open());

        Assert.Contains($"'{_database.FilePath}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(26, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode);
        Assert.Equal(bytes, File.ReadAllBytes(_database.FilePath));
        Assert.Equal(filesBefore, Directory.GetFiles(_database.Directory).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Open_RelativePathToAFileThatIsNotADatabase_NamesItAsConfiguredAndInFull()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _database.FilePath);
        File.WriteAllText(_database.FilePath, "not a database, just text that is long enough to have a header of one hundred bytes or so ....");

        var error = Assert.Throws<InvalidOperationException>(() => new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + relative }));

        Assert.Contains($"'{relative}' ({_database.FilePath})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAndReopen_AfterWritesAndClaims_EverythingSurvives()
    {
        var full = Records.Minimal("k1", PaymentStatus.Pending, Records.T0) with { Attempts = [Records.Attempt("k1", 1, "mpesa", "ws_CO_1")] };
        string expected;
        await using (var store = _database.Open())
        {
            var (v1, _) = await store.TryCreateAsync(full, None);
            var v2 = await store.TryUpdateAsync(v1 with { Attempts = [.. v1.Attempts, Records.Attempt("k1", 2, "airtel", "AM-2")], StatusChecks = 1 }, None);
            await store.TryCreateAsync(Records.Minimal("k2", PaymentStatus.Queued, Records.T0), None);
            var claimed = await store.ClaimDueAsync(
                new PaymentClaim { Statuses = [PaymentStatus.Pending], Now = Records.T0, Owner = "w1", LeaseExpiresAt = Records.T0.AddMinutes(2), MaxCount = 10 },
                None);
            Assert.Equal("k1", Assert.Single(claimed).Key);
            expected = PaymentRecordSerializer.Serialize(claimed[0]);
            Assert.Equal(3, claimed[0].Version);
            Assert.Equal(2, v2!.Version);
        }

        await using var reopened = _database.Open();
        var read = await reopened.GetAsync("k1", None);
        Assert.Equal(expected, PaymentRecordSerializer.Serialize(read!));
        Assert.Equal("k1", (await reopened.FindByProviderReferenceAsync("AIRTEL", "AM-2", None))!.Key);
        Assert.Equal(PaymentStatus.Queued, (await reopened.GetAsync("k2", None))!.Status);
        var counts = await reopened.CountByStatusAsync(None);
        Assert.Equal(1, counts[PaymentStatus.Pending]);
        Assert.Equal(1, counts[PaymentStatus.Queued]);
        Assert.Null(await reopened.TryUpdateAsync(read! with { Version = 2 }, None));
    }

    [Fact]
    public async Task TryUpdateAsync_FewerAttemptsThanStored_AttemptRowsFollow()
    {
        // The gateway only ever appends attempts, but the store keeps its index equal to the record whatever it is given.
        await using var store = _database.Open();
        var (v1, _) = await store.TryCreateAsync(Records.Minimal("k2") with { Attempts = [Records.Attempt("k2", 1, "mpesa", "R1"), Records.Attempt("k2", 2, "paystack", "R2")] }, None);
        var v2 = await store.TryUpdateAsync(v1 with { Attempts = [Records.Attempt("k2", 1, "mpesa", "R1b")] }, None);

        Assert.NotNull(v2);
        Assert.Null(await store.FindByProviderReferenceAsync("paystack", "R2", None));
        Assert.Null(await store.FindByProviderReferenceAsync("mpesa", "R1", None));
        Assert.Equal("k2", (await store.FindByProviderReferenceAsync("mpesa", "R1b", None))!.Key);
    }

    [Fact]
    public async Task TryUpdateAsync_AttemptsChange_AttemptRowsFollowInSameTransaction()
    {
        await using var store = _database.Open();
        var (v1, _) = await store.TryCreateAsync(Records.Minimal("k1") with { Attempts = [Records.Attempt("k1", 1, "mpesa", null)] }, None);
        await store.TryUpdateAsync(v1 with { Attempts = [Records.Attempt("k1", 1, "mpesa", "R1") with { Outcome = OutcomeKind.NotProcessed }, Records.Attempt("k1", 2, "paystack", "R2")] }, None);
        await store.DisposeAsync();

        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payment_key || '|' || number || '|' || provider || '|' || reference || '|' || IFNULL(provider_reference, '-') || '|' || IFNULL(outcome, '-') FROM payment_attempts ORDER BY number;";
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.Equal([$"k1|1|mpesa|k1-1|R1|{(int)OutcomeKind.NotProcessed}", "k1|2|paystack|k1-2|R2|-"], rows);
    }

    [Fact]
    public async Task Methods_AfterDispose_ThrowObjectDisposed()
    {
        var store = _database.Open();
        await store.DisposeAsync();
        await store.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("k", None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.TryCreateAsync(Records.Minimal("k"), None).AsTask());
    }

    [Theory]
    [InlineData("", "ConnectionString")]
    [InlineData("   ", "ConnectionString")]
    [InlineData("Data Source=:memory:", "in-memory")]
    [InlineData("Data Source=x.db;Mode=Memory", "in-memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly", "read-only")]
    [InlineData("Nonsense Keyword=1", "not a valid SQLite connection string")]
    public void Constructor_BadConnectionString_ThrowsNamingTheOption(string connectionString, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = connectionString }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("SqlitePaymentStoreOptions.ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadNumbers_ThrowNamingTheOption()
    {
        var batch = Assert.Throws<ArgumentException>(() => new SqlitePaymentStoreOptions { ConnectionString = "Data Source=x.db", MaxBatchSize = 0 }.Validate());
        var busy = Assert.Throws<ArgumentException>(() => new SqlitePaymentStoreOptions { ConnectionString = "Data Source=x.db", BusyTimeout = TimeSpan.FromSeconds(-1) }.Validate());
        var sync = Assert.Throws<ArgumentException>(() => new SqlitePaymentStoreOptions { ConnectionString = "Data Source=x.db", Synchronous = (SqliteSynchronousMode)9 }.Validate());

        Assert.Contains("SqlitePaymentStoreOptions.MaxBatchSize", batch.Message, StringComparison.Ordinal);
        Assert.Contains("SqlitePaymentStoreOptions.BusyTimeout", busy.Message, StringComparison.Ordinal);
        Assert.Contains("SqlitePaymentStoreOptions.Synchronous", sync.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreFullFiveSecondsAnd256()
    {
        var options = new SqlitePaymentStoreOptions();

        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
        Assert.Equal(256, options.MaxBatchSize);
    }
}
