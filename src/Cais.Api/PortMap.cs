namespace Cais.Api;

/// <summary>
/// Docker's port map: "80/tcp" -> the host bindings, or null for a port that is exposed but not published. Filled in
/// key order (Go writes map keys sorted), which serialization keeps.
/// </summary>
public sealed class PortMap : Dictionary<string, IReadOnlyList<PortBinding>?>
{
    public PortMap()
        : base(StringComparer.Ordinal)
    {
    }
}
