namespace Cais.Containers.Spec;

/// <summary>
/// Something mounted into a container at <see cref="Destination"/>: a bind (<c>-v /host:/ctr</c>), a named volume or a
/// tmpfs. Typed from the front door on (the CLI parses <c>-v</c>, the API maps its <c>Mounts</c>), so nothing past it
/// reads mount syntax.
/// </summary>
public abstract record ContainerMount(string Destination, bool ReadOnly)
{
    /// <summary>Docker's name for the mount type ("bind", "volume", "tmpfs").</summary>
    public abstract string Type { get; }
}
