using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Containers;

/// <summary>Which requested mounts a container can have today, and how binds are recorded.</summary>
public static class ContainerMounts
{
    /// <summary>The binds among <paramref name="mounts"/>; volumes and tmpfs mounts are refused until they are supported.</summary>
    public static IReadOnlyList<BindMount> SupportedBinds(IEnumerable<ContainerMount> mounts) => mounts.Select(RequireBind).ToList();

    public static BindMount RequireBind(ContainerMount mount) =>
        mount as BindMount
        ?? throw EngineException.Invalid($"invalid mount config for type \"{mount.Type}\": mounts of type \"{mount.Type}\" are not supported yet");

    /// <summary>The form kept in the container's record (Docker's HostConfig.Binds): the -v text as given.</summary>
    public static string Recorded(BindMount bind) =>
        bind.Text ?? $"{bind.Source}:{bind.Destination}{(bind.ReadOnly ? ":ro" : string.Empty)}";
}
