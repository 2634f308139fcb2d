namespace Cais.Containers.Spec;

/// <summary>A host path bind-mounted into the container (`-v /host:/container[:ro]`).</summary>
public sealed record BindMount(string Source, string Destination, bool ReadOnly = false);
