using Cais.Common;
using Cais.Containers.Spec;
using Cais.Containers.State;
using Cais.Linux;
using Cais.Metadata;

namespace Cais.Containers;

/// <summary>
/// --pid, --ipc and --uts: the modes are checked and a "container:" target resolved to its ID at create; at start a
/// joined container must be running (and shareable, for IPC), and a shareable container's /dev/shm is a tmpfs on the
/// host that the containers joining it bind too (a mount inside another container's mount namespace cannot be bound).
/// Targets are read without their lock, as for --network container: a start never waits for a second container's lock.
/// </summary>
public sealed partial class ContainerService
{
    private (string Pid, string Ipc, string Uts) ResolveNamespaceModes(CreateOptions options)
    {
        var pid = NamespaceModes.Pid(options.PidMode);
        var ipc = NamespaceModes.Ipc(options.IpcMode);
        var uts = NamespaceModes.Uts(options.UtsMode);
        NamespaceModes.CheckUtsConflicts(uts, options.Hostname, options.Domainname);
        return (ResolveContainerMode(pid), ResolveContainerMode(ipc), uts);
    }

    private string ResolveContainerMode(string mode) =>
        NamespaceModes.ContainerTarget(mode) is { } target
            ? NamespaceModes.ContainerPrefix + (containers.Find(target) ?? throw NoSuchContainer(target)).Id
            : mode;

    /// <summary>Where the starting container's pid, ipc and uts namespaces and its /dev/shm come from.</summary>
    private (NamespaceChoice Pid, NamespaceChoice Ipc, NamespaceChoice Uts, ShmChoice Shm) ShareNamespaces(ContainerSettings settings, string id)
    {
        var pid = settings.PidMode == NamespaceModes.Host ? NamespaceChoice.OfHost
            : NamespaceModes.ContainerTarget(settings.PidMode) is { } pidTarget
                ? NamespaceChoice.Join($"/proc/{RunningDonor(pidTarget, "").State.Pid}/ns/pid")
            : NamespaceChoice.Own;
        var uts = settings.UtsMode == NamespaceModes.Host ? NamespaceChoice.OfHost : NamespaceChoice.Own;
        switch (settings.IpcMode)
        {
            case NamespaceModes.Host:
                return (pid, NamespaceChoice.OfHost, uts, ShmChoice.Bind("/dev/shm"));
            case NamespaceModes.None:
                return (pid, NamespaceChoice.Own, uts, ShmChoice.NoShm);
            case NamespaceModes.Shareable:
                return (pid, NamespaceChoice.Own, uts, ShmChoice.Bind(MountShareableShm(id)));
        }

        if (NamespaceModes.ContainerTarget(settings.IpcMode) is not { } ipcTarget)
        {
            return (pid, NamespaceChoice.Own, uts, ShmChoice.OwnTmpfs);
        }

        var donor = RunningDonor(ipcTarget, $"can't join IPC of container {ipcTarget}: ");
        if (donor.Settings.IpcMode != NamespaceModes.Shareable)
        {
            throw EngineException.Conflict($"can't join IPC of container {donor.Id}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        }

        return (pid, NamespaceChoice.Join($"/proc/{donor.State.Pid}/ns/ipc"), uts, ShmChoice.Bind(ShareableShmDirectory(donor.Id)));
    }

    private ContainerRecord RunningDonor(string id, string context)
    {
        var donor = ReadWithoutLock(id);
        if (!ContainerTransitions.CanShareNetworkNamespace(donor.State))
        {
            throw EngineException.Conflict($"{context}container {donor.Id} is not running");
        }

        return donor;
    }

    private string ShareableShmDirectory(string id) => Path.Combine(DataDir(id), "shm");

    private string MountShareableShm(string id)
    {
        var directory = ShareableShmDirectory(id);
        Directory.CreateDirectory(directory);
        Mounter.EnsureMounted([new Mount("tmpfs", "shm", ["mode=1777", SpecMounts.TmpfsSize])], directory);
        return directory;
    }

    /// <summary>Unmounts a shareable container's shm (when it stops or is removed); containers still joined keep theirs.</summary>
    private void UnmountShareableShm(ContainerRecord record)
    {
        if (record.Settings.IpcMode == NamespaceModes.Shareable)
        {
            Mounter.UnmountAll(ShareableShmDirectory(record.Id));
        }
    }
}
