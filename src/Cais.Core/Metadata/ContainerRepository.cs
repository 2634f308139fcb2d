using System.Text.Json;
using Cais.Common;
using Microsoft.Data.Sqlite;

namespace Cais.Metadata;

/// <summary>Container records. Names are unique (the database enforces it, so two processes cannot both take one).</summary>
public sealed class ContainerRepository(MetadataStore store)
{
    public void Insert(ContainerRecord record)
    {
        try
        {
            store.Write(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO containers(id, name, image_id, created, data) VALUES ($id, $name, $image, $created, $data)";
                Bind(command, record);
                command.ExecuteNonQuery();
            });
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // Docker's wording, which clients parse.
            throw new EngineException(ErrorKind.Conflict,
                $"Conflict. The container name \"/{record.Name}\" is already in use by container \"{IdOfName(record.Name)}\". " +
                "You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    public void Update(ContainerRecord record) => store.Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE containers SET name = $name, image_id = $image, data = $data WHERE id = $id";
        Bind(command, record);
        if (command.ExecuteNonQuery() == 0)
        {
            throw EngineException.NotFound($"No such container: {record.Id}");
        }
    });

    /// <summary>Reads, changes and writes one record inside a single write transaction.</summary>
    public ContainerRecord? Mutate(string id, Func<ContainerRecord, ContainerRecord> change) => store.Write(connection =>
    {
        var current = GetById(connection, id);
        if (current is null)
        {
            return null;
        }

        var next = change(current);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE containers SET name = $name, image_id = $image, data = $data WHERE id = $id";
        Bind(command, next);
        command.ExecuteNonQuery();
        return next;
    });

    public ContainerRecord? GetById(string id) => store.Read(connection => GetById(connection, id));

    /// <summary>Docker's lookup order: full ID, exact name, then a unique ID prefix.</summary>
    public ContainerRecord? Find(string idOrName) => store.Read(connection =>
    {
        var name = idOrName.TrimStart('/');
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT data FROM containers WHERE id = $v OR name = $v ORDER BY id = $v DESC LIMIT 1";
            command.Parameters.AddWithValue("$v", name);
            if (command.ExecuteScalar() is string data)
            {
                return Deserialize(data);
            }
        }

        if (name.Length == 0 || !name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        using var byPrefix = connection.CreateCommand();
        byPrefix.CommandText = "SELECT data FROM containers WHERE id >= $lo AND id < $hi LIMIT 2";
        byPrefix.Parameters.AddWithValue("$lo", name);
        byPrefix.Parameters.AddWithValue("$hi", name + "g");
        using var reader = byPrefix.ExecuteReader();
        var found = new List<ContainerRecord>();
        while (reader.Read())
        {
            found.Add(Deserialize(reader.GetString(0)));
        }

        return found.Count switch
        {
            1 => found[0],
            0 => null,
            _ => throw new EngineException(ErrorKind.InvalidArgument, $"multiple IDs found with provided prefix: {idOrName}"),
        };
    });

    public IReadOnlyList<ContainerRecord> List() => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM containers ORDER BY created DESC";
        using var reader = command.ExecuteReader();
        var list = new List<ContainerRecord>();
        while (reader.Read())
        {
            list.Add(Deserialize(reader.GetString(0)));
        }

        return (IReadOnlyList<ContainerRecord>)list;
    });

    public IReadOnlyList<string> IdsUsingImage(string imageId) => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM containers WHERE image_id = $image";
        command.Parameters.AddWithValue("$image", imageId);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)ids;
    });

    public bool Delete(string id) => store.Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM containers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    });

    private string IdOfName(string name) => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM containers WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string ?? "";
    });

    private static ContainerRecord? GetById(SqliteConnection connection, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM containers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is string data ? Deserialize(data) : null;
    }

    private static void Bind(SqliteCommand command, ContainerRecord record)
    {
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$image", record.ImageId);
        command.Parameters.AddWithValue("$created", record.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(record, MetadataJsonContext.Default.ContainerRecord));
    }

    private static ContainerRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MetadataJsonContext.Default.ContainerRecord)
        ?? throw new EngineException(ErrorKind.DataLoss, "corrupt container record");
}
