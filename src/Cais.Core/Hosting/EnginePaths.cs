using Cais.Containers;

namespace Cais.Hosting;

/// <summary>
/// Where state lives. <see cref="Root"/> survives reboots (images, layers, container records and logs);
/// <see cref="RunRoot"/> is runtime state that a reboot may wipe (bundles, runc state, sockets, exit files, locks).
/// </summary>
public sealed record EnginePaths(string Root, string RunRoot)
{
    public const string DefaultRoot = "/var/lib/cais";
    public const string DefaultRunRoot = "/run/cais";

    /// <summary>Flag value, then CAIS_ROOT / CAIS_RUNROOT, then the defaults (Docker-like places).</summary>
    public static EnginePaths Resolve(string? root, string? runRoot) => new(
        Path.GetFullPath(root ?? Environment.GetEnvironmentVariable("CAIS_ROOT") ?? DefaultRoot),
        Path.GetFullPath(runRoot ?? Environment.GetEnvironmentVariable("CAIS_RUNROOT") ?? DefaultRunRoot));

    public string Database => Path.Combine(Root, "cais.db");

    public string Content => Path.Combine(Root, "content");

    public string Storage => Path.Combine(Root, "storage");

    /// <summary>Where container files live: persistent data under the root, bundles and sockets under the run root.</summary>
    public ContainerPaths Containers => new(Path.Combine(Root, "containers"), Path.Combine(RunRoot, "containers"), ExitDir, Locks) { NetnsDir = NetnsDir };

    /// <summary>Container network namespace files (bind mounts of nsfs, gone with a reboot like the namespaces).</summary>
    public string NetnsDir => Path.Combine(RunRoot, "netns");

    /// <summary>Bridge networks' state: host-local allocations and cached CNI results.</summary>
    public string Networks => Path.Combine(Root, "networks");

    /// <summary>The events journal shared by every cais process on this root (it outlives reboots, as Docker's does not need to).</summary>
    public string Events => Path.Combine(Root, "events");

    public string RuncRoot => Path.Combine(RunRoot, "runc");

    public string ExitDir => Path.Combine(RunRoot, "exits");

    public string Locks => Path.Combine(RunRoot, "locks");

    public string SocketDir => Path.Combine(RunRoot, "sockets");
}
