namespace Cais.Metadata;

/// <summary>The database schema. Tables only grow by new columns with defaults, so old databases keep opening.</summary>
internal static class Schema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS images (
            id TEXT PRIMARY KEY,             -- sha256 of the config blob: Docker's image ID
            manifest_digest TEXT NOT NULL,   -- the platform manifest this image came from
            data TEXT NOT NULL,              -- ImageRecord JSON
            created INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS image_names (
            name TEXT PRIMARY KEY,           -- full reference: docker.io/library/busybox:latest or repo@sha256:...
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            kind TEXT NOT NULL               -- 'tag' or 'digest'
        );
        CREATE INDEX IF NOT EXISTS image_names_by_image ON image_names(image_id);
        CREATE TABLE IF NOT EXISTS containers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            image_id TEXT NOT NULL,
            created INTEGER NOT NULL,
            data TEXT NOT NULL               -- ContainerRecord JSON
        );
        CREATE INDEX IF NOT EXISTS containers_by_image ON containers(image_id);
        CREATE TABLE IF NOT EXISTS networks (
            id TEXT PRIMARY KEY,             -- 64 hex, Docker's network ID
            name TEXT NOT NULL UNIQUE,
            created INTEGER NOT NULL,
            data TEXT NOT NULL               -- NetworkRecord JSON (Cais.Network)
        );
        """;
}
