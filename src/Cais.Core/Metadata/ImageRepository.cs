using System.Text.Json;
using Cais.Common;
using Microsoft.Data.Sqlite;

namespace Cais.Metadata;

/// <summary>Image records and the names pointing at them. Stores what the image service decides; no policy here.</summary>
public sealed class ImageRepository(MetadataStore store)
{
    /// <summary>Stores an image and points the given names at it (a name already in use moves, as a re-tag does).</summary>
    public void Save(ImageRecord image, IEnumerable<ImageName> names)
    {
        store.Write(connection =>
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "INSERT INTO images(id, manifest_digest, data, created) VALUES ($id, $m, $data, $created) " +
                    "ON CONFLICT(id) DO UPDATE SET manifest_digest = excluded.manifest_digest, data = excluded.data";
                command.Parameters.AddWithValue("$id", image.Id);
                command.Parameters.AddWithValue("$m", image.ManifestDigest);
                command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(image, MetadataJsonContext.Default.ImageRecord));
                command.Parameters.AddWithValue("$created", image.Pulled.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }

            foreach (var name in names)
            {
                SetName(connection, name);
            }
        });
    }

    public void AddName(ImageName name) => store.Write(connection => SetName(connection, name));

    public ImageRecord? Get(string id) => store.Read(connection => Get(connection, id));

    /// <summary>Finds an image by full name, by full ID (with or without "sha256:") or by a unique ID prefix.</summary>
    public ImageRecord? Find(string nameOrId) => store.Read(connection =>
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT image_id FROM image_names WHERE name = $n";
            command.Parameters.AddWithValue("$n", nameOrId);
            if (command.ExecuteScalar() is string id)
            {
                return Get(connection, id);
            }
        }

        var hex = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId;
        if (hex.Length is 0 or > 64 || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        using var byId = connection.CreateCommand();
        byId.CommandText = "SELECT id FROM images WHERE id >= $lo AND id < $hi LIMIT 2";
        byId.Parameters.AddWithValue("$lo", "sha256:" + hex);
        byId.Parameters.AddWithValue("$hi", "sha256:" + hex + "g");
        using var reader = byId.ExecuteReader();
        var matches = new List<string>();
        while (reader.Read())
        {
            matches.Add(reader.GetString(0));
        }

        return matches.Count switch
        {
            1 => Get(connection, matches[0]),
            0 => null,
            _ => throw new EngineException(ErrorKind.InvalidArgument, $"image ID prefix \"{nameOrId}\" is ambiguous"),
        };
    });

    public IReadOnlyList<ImageName> NamesOf(string imageId) => store.Read(connection => NamesOf(connection, imageId));

    public IReadOnlyList<(ImageRecord Image, IReadOnlyList<ImageName> Names)> List() => store.Read(connection =>
    {
        var result = new List<(ImageRecord, IReadOnlyList<ImageName>)>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM images ORDER BY created DESC";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var image = Deserialize(reader.GetString(0));
            result.Add((image, NamesOf(connection, image.Id)));
        }

        return (IReadOnlyList<(ImageRecord, IReadOnlyList<ImageName>)>)result;
    });

    /// <summary>Removes one name; returns the image it pointed at, or null if the name was unknown.</summary>
    public string? RemoveName(string name) => store.Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM image_names WHERE name = $n RETURNING image_id";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string;
    });

    /// <summary>Deletes an image record and its names.</summary>
    public void Delete(string imageId) => store.Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM image_names WHERE image_id = $id; DELETE FROM images WHERE id = $id;";
        command.Parameters.AddWithValue("$id", imageId);
        command.ExecuteNonQuery();
    });

    private static void SetName(SqliteConnection connection, ImageName name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO image_names(name, image_id, kind) VALUES ($n, $id, $k) " +
            "ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id, kind = excluded.kind";
        command.Parameters.AddWithValue("$n", name.Name);
        command.Parameters.AddWithValue("$id", name.ImageId);
        command.Parameters.AddWithValue("$k", name.IsDigest ? "digest" : "tag");
        command.ExecuteNonQuery();
    }

    private static ImageRecord? Get(SqliteConnection connection, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM images WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is string data ? Deserialize(data) : null;
    }

    private static List<ImageName> NamesOf(SqliteConnection connection, string imageId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, kind FROM image_names WHERE image_id = $id ORDER BY name";
        command.Parameters.AddWithValue("$id", imageId);
        using var reader = command.ExecuteReader();
        var names = new List<ImageName>();
        while (reader.Read())
        {
            names.Add(new ImageName(reader.GetString(0), imageId, reader.GetString(1) == "digest"));
        }

        return names;
    }

    private static ImageRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MetadataJsonContext.Default.ImageRecord)
        ?? throw new EngineException(ErrorKind.DataLoss, "corrupt image record");
}
