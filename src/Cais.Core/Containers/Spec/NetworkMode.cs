namespace Cais.Containers.Spec;

/// <summary>How the container's network namespace is chosen.</summary>
public enum NetworkMode
{
    /// <summary>A new, empty network namespace (only loopback), or the given path when one is provided.</summary>
    None,

    /// <summary>No network namespace: the container shares the host's.</summary>
    Host,

    /// <summary>Join the namespace at <see cref="SpecInput.NetworkNamespacePath"/> (prepared by the network module).</summary>
    Path,
}
