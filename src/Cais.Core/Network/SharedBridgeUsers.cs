namespace Cais.Network;

/// <summary>
/// The state roots that use the default bridge (cais0), counted host-wide: one file per root in a host-wide directory,
/// named after a (non-cryptographic) hash of the root's network state directory and holding that directory's path.
/// </summary>
/// <remarks>
/// <para>
/// cais0, its address allocations and its firewall rules are one set for the whole host, whatever number of state roots
/// use it. Docker keeps docker0 and its rules for as long as its daemon runs; a daemonless engine has no daemon, and the
/// thing that will use the bridge again, as the daemon would, is a state root that has used it. So a user is a state root,
/// from its first use of the default network for as long as it exists; a root that is removed (its state directory
/// deleted, which is how a daemonless engine's state goes) no longer counts, and when no root is left the bridge and its
/// rules go. Counting containers instead would tear the rules down and install them again around every
/// `run --rm` (some thirty iptables processes), which the hot path cannot afford.
/// </para>
/// <para>
/// Callers change and prune the set under the host-wide bridges lock; <see cref="IsRegistered"/> is a lock-free stat for
/// the hot path.
/// </para>
/// </remarks>
public sealed class SharedBridgeUsers
{
    public SharedBridgeUsers(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>Where the users' files live (host-wide, under /run: a reboot removes the bridge and its users alike).</summary>
    public string Directory { get; }

    /// <summary>The file that records the root whose network state lives in <paramref name="stateDirectory"/>.</summary>
    public string FileFor(string stateDirectory)
    {
        var full = Path.GetFullPath(stateDirectory);
        // FNV-1a, not SHA-256: this runs on every start on the default bridge, and SHA-256 would load OpenSSL (~3-10 ms).
        return Path.Combine(Directory, Common.StableHash.Hex(full));
    }

    public bool IsRegistered(string stateDirectory) => File.Exists(FileFor(stateDirectory));

    /// <summary>Counts the root as a user; its state directory is created so that it exists for as long as the root does.</summary>
    public async Task RegisterAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(stateDirectory);
        System.IO.Directory.CreateDirectory(full);
        System.IO.Directory.CreateDirectory(Directory);
        var file = FileFor(full);
        var temp = file + ".tmp";
        await File.WriteAllTextAsync(temp, full + "\n", cancellationToken).ConfigureAwait(false);
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Drops the users whose state directory no longer exists; returns the state directories of those that remain.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken)
    {
        var remaining = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return remaining;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            string root;
            try
            {
                root = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            if (file.EndsWith(".tmp", StringComparison.Ordinal) || root.Length == 0 || !System.IO.Directory.Exists(root))
            {
                // A temp file is only left by a process killed mid-write, under the lock we now hold.
                File.Delete(file);
                continue;
            }

            remaining.Add(root);
        }

        return remaining;
    }
}
