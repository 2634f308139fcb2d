namespace Cais.Containers.Spec;

/// <summary>A tmpfs mounted into the container (Docker's <c>--tmpfs</c>, <c>type=tmpfs</c>); refused at create until supported.</summary>
public sealed record TmpfsMount(string Destination, long? SizeBytes = null, string? Mode = null) : ContainerMount(Destination, ReadOnly: false)
{
    public override string Type => "tmpfs";
}
