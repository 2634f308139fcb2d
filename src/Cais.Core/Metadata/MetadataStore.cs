using Microsoft.Data.Sqlite;

namespace Cais.Metadata;

/// <summary>
/// The one SQLite database (WAL mode) holding image and container records. Several cais processes (CLI runs and
/// the API service) use it at once: WAL lets readers proceed during a write, <c>busy_timeout</c> makes writers
/// queue instead of failing, and every multi-statement change runs in an IMMEDIATE transaction.
/// </summary>
public sealed class MetadataStore
{
    private static readonly Lock s_initLock = new();
    private static bool s_providerSet;
    private readonly string _connectionString;

    public MetadataStore(string databasePath)
    {
        EnsureProvider();
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, Schema.Sql);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous=NORMAL is crash-safe in WAL mode (a power cut may lose the last commit, never corrupt).
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in an IMMEDIATE transaction (takes the write lock up front, avoiding upgrade deadlocks).</summary>
    public T Write<T>(Func<SqliteConnection, T> work)
    {
        using var connection = Open();
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var result = work(connection);
            Execute(connection, "COMMIT");
            return result;
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    public void Write(Action<SqliteConnection> work) => Write(connection =>
    {
        work(connection);
        return 0;
    });

    public T Read<T>(Func<SqliteConnection, T> work)
    {
        using var connection = Open();
        return work(connection);
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void EnsureProvider()
    {
        lock (s_initLock)
        {
            if (!s_providerSet)
            {
                // The system's libsqlite3 (linked statically into the published binary), not a bundled copy.
                SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
                s_providerSet = true;
            }
        }
    }
}
