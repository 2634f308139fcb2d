using Cais.Common;
using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>Which namespaces the container gets.</summary>
public static class SpecNamespaces
{
    /// <summary>
    /// pid, ipc, uts and mount always; network new (None), joined (Path, or None with a path) or absent (Host);
    /// cgroup only on a pure cgroup v2 host, matching Docker's default cgroupns mode ("private" on v2, "host" on
    /// v1 and hybrid hosts, where the read-only cgroup v1 mount is expected to show host paths).
    /// </summary>
    /// <param name="pid">--pid; null for a new namespace. The host's is left out of the spec; another's is joined by path.</param>
    /// <param name="ipc">--ipc, likewise.</param>
    /// <param name="uts">--uts, likewise.</param>
    public static IReadOnlyList<SpecNamespace> Build(NetworkMode mode, string? networkNamespacePath, bool cgroupV2Unified,
        NamespaceChoice? pid = null, NamespaceChoice? ipc = null, NamespaceChoice? uts = null)
    {
        var namespaces = new List<SpecNamespace>();
        Add(namespaces, "pid", pid);
        Add(namespaces, "ipc", ipc);
        Add(namespaces, "uts", uts);
        namespaces.Add(new SpecNamespace { Type = "mount" });

        switch (mode)
        {
            case NetworkMode.Host:
                if (!string.IsNullOrEmpty(networkNamespacePath))
                {
                    throw EngineException.Invalid("a network namespace path cannot be combined with host networking");
                }

                break;
            case NetworkMode.Path:
                if (string.IsNullOrEmpty(networkNamespacePath))
                {
                    throw EngineException.Invalid("network mode Path needs a network namespace path");
                }

                namespaces.Add(new SpecNamespace { Type = "network", Path = networkNamespacePath });
                break;
            default:
                namespaces.Add(new SpecNamespace { Type = "network", Path = string.IsNullOrEmpty(networkNamespacePath) ? null : networkNamespacePath });
                break;
        }

        if (cgroupV2Unified)
        {
            namespaces.Add(new SpecNamespace { Type = "cgroup" });
        }

        return namespaces;
    }

    private static void Add(List<SpecNamespace> namespaces, string type, NamespaceChoice? choice)
    {
        if (choice is not { Host: true })
        {
            namespaces.Add(new SpecNamespace { Type = type, Path = string.IsNullOrEmpty(choice?.Path) ? null : choice.Path });
        }
    }
}
