using System.Text.Json;
using Cais.Common;
using Cais.Metadata;
using Microsoft.Data.Sqlite;

namespace Cais.Network;

/// <summary>Network records in the metadata database. Names are unique (the database enforces it across processes).</summary>
public sealed class NetworkRepository(MetadataStore store)
{
    public void Insert(NetworkRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            store.Write(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO networks(id, name, created, data) VALUES ($id, $name, $created, $data)";
                command.Parameters.AddWithValue("$id", record.Id);
                command.Parameters.AddWithValue("$name", record.Name);
                command.Parameters.AddWithValue("$created", record.Created.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(record, NetworkJsonContext.Default.NetworkRecord));
                command.ExecuteNonQuery();
            });
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // Docker's wording, which clients parse.
            throw new EngineException(ErrorKind.Conflict, $"network with name {record.Name} already exists");
        }
    }

    public NetworkRecord? GetById(string id) => QueryOne("SELECT data FROM networks WHERE id = $v", id);

    public NetworkRecord? GetByName(string name) => QueryOne("SELECT data FROM networks WHERE name = $v", name);

    /// <summary>Docker's lookup order: full ID, exact name, then a unique ID prefix.</summary>
    public NetworkRecord? Find(string idOrName)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        if ((GetById(idOrName) ?? GetByName(idOrName)) is { } exact)
        {
            return exact;
        }

        if (idOrName.Length == 0 || !idOrName.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        var found = store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM networks WHERE id >= $lo AND id < $hi LIMIT 2";
            command.Parameters.AddWithValue("$lo", idOrName);
            command.Parameters.AddWithValue("$hi", idOrName + "g");
            return ReadAll(command);
        });
        return found.Count switch
        {
            1 => found[0],
            0 => null,
            _ => throw new EngineException(ErrorKind.InvalidArgument, $"network {idOrName} is ambiguous ({found.Count} matches found based on ID prefix)"),
        };
    }

    public IReadOnlyList<NetworkRecord> List() => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM networks ORDER BY created";
        return ReadAll(command);
    });

    public bool Delete(string id) => store.Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM networks WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    });

    private NetworkRecord? QueryOne(string sql, string value) => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$v", value);
        return command.ExecuteScalar() is string data ? Deserialize(data) : null;
    });

    private static IReadOnlyList<NetworkRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<NetworkRecord>();
        while (reader.Read())
        {
            list.Add(Deserialize(reader.GetString(0)));
        }

        return list;
    }

    private static NetworkRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, NetworkJsonContext.Default.NetworkRecord)
        ?? throw new EngineException(ErrorKind.DataLoss, "corrupt network record");
}
