namespace Cais.Containers.Spec;

/// <summary>A named volume mounted into the container; defined for the volumes work, refused at create until then.</summary>
public sealed record VolumeMount(string Name, string Destination, bool ReadOnly = false) : ContainerMount(Destination, ReadOnly)
{
    public override string Type => "volume";
}
