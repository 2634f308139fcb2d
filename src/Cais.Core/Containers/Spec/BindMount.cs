namespace Cais.Containers.Spec;

/// <summary>A host path bind-mounted into the container (`-v /host:/container[:ro]`).</summary>
public sealed record BindMount(string Source, string Destination, bool ReadOnly = false) : ContainerMount(Destination, ReadOnly)
{
    public override string Type => "bind";

    /// <summary>The <c>-v</c> text it was parsed from, kept as given for HostConfig.Binds (as Docker keeps it).</summary>
    public string? Text { get; init; }
}
