using Cais.Common;
using Cais.Linux;

namespace Cais.Network;

/// <summary>
/// Persistent network namespaces: a namespace kept alive by a bind mount of its nsfs inode on a file, as `ip netns` does.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>
    /// Creates a new network namespace bound to <paramref name="path"/>, with its loopback interface up. The unshare
    /// happens on a dedicated thread that exits afterwards: a thread that changed namespace must never run other work,
    /// and no await may cross it.
    /// </summary>
    public static void Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using (new FileStream(full, FileMode.CreateNew, FileAccess.Write))
        {
            // An empty file to mount onto; CreateNew refuses to reuse a path another container may hold.
        }

        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Namespaces.UnshareNetwork();
                NetworkInterfaces.BringUp("lo");
                DisableIPv6ForNewInterfaces();
                Mounts.Bind($"/proc/self/task/{Namespaces.CurrentThreadId()}/ns/net", full);
            }
#pragma warning disable CA1031 // Handed to the creating thread, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "cais-netns",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            TryDeleteFile(full);
            throw failure is EngineException ? failure : new EngineException(ErrorKind.Unknown, $"create network namespace {full}: {failure.Message}", failure);
        }
    }

    /// <summary>
    /// Networks here are IPv4-only, so interfaces that join this namespace later (the CNI plugins' veth ends) must not
    /// configure IPv6 on their own: no link-local or SLAAC address that would bypass every IPv4 rule (CVE-2024-32473).
    /// /proc/sys/net shows the calling thread's namespace, which is why this runs on the thread that unshared. Loopback
    /// keeps ::1, as in Docker. A kernel without IPv6 has no such file, and nothing to disable.
    /// </summary>
    private static void DisableIPv6ForNewInterfaces()
    {
        const string path = "/proc/sys/net/ipv6/conf/default/disable_ipv6";
        if (File.Exists(path))
        {
            File.WriteAllText(path, "1");
        }
    }

    /// <summary>
    /// Unmounts and removes the namespace file; a missing one is success, so this is safe to repeat. Once no process is
    /// in it, the kernel frees the namespace and every interface in it, the container's end of its veth pairs included
    /// (and with it the host end): cheaper than deleting each veth while the namespace lives.
    /// </summary>
    public static void Delete(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return;
        }

        Mounts.Unmount(full, detach: true);
        TryDeleteFile(full);
    }

    public static bool Exists(string path) => File.Exists(path) && Mounts.IsMountPoint(path);

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
