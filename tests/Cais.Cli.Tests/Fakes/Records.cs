using Cais.Metadata;
using Cais.Network;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Small records for fakes to return.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static ContainerRecord Container(string id, string name = "c") => new()
    {
        Id = id,
        Name = name,
        ImageId = "sha256:" + new string('b', 64),
        ImageName = "busybox",
        Created = Time,
        Settings = new ContainerSettings(),
    };

    public static ImageRecord Image(string id) => new()
    {
        Id = id,
        ManifestDigest = "sha256:" + new string('d', 64),
        ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
        Layers = [],
    };

    public static NetworkRecord Network(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Subnet = "10.1.0.0/24",
        Gateway = "10.1.0.1",
        BridgeName = NetworkRecord.BridgeNameFor(id),
        Created = Time,
    };
}
