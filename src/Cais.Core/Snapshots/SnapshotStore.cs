using System.Globalization;
using Cais.Common;

namespace Cais.Snapshots;

/// <summary>
/// The on-disk layout both snapshotters share, unchanged from the layer/container layout of earlier versions:
/// <list type="bullet">
/// <item>committed: <c>layers/&lt;chain-hex&gt;/{fs,parent,size}</c>;</item>
/// <item>transient active: <c>layers/tmp-&lt;pid&gt;-&lt;key&gt;/{fs,parent}</c>, renamed into place by a commit, so a
/// committed directory that exists is always complete and a dead process's leftovers are recognisable;</item>
/// <item>active and views: <c>containers/&lt;key&gt;/{&lt;data&gt;,parent,...}</c> (data: overlay's <c>upper</c>, the
/// copying snapshotter's <c>rootfs</c>), and a <c>kind</c> file for views.</item>
/// </list>
/// </summary>
internal sealed class SnapshotStore
{
    private const string TransientData = "fs";
    private const int MaxChain = 500;

    private readonly string _layers;
    private readonly string _active;
    private readonly string _activeData;

    public SnapshotStore(string root, string activeData)
    {
        _layers = Path.Combine(root, "layers");
        _active = Path.Combine(root, "containers");
        _activeData = activeData;
        Directory.CreateDirectory(_layers);
        Directory.CreateDirectory(_active);
    }

    public string CommittedDir(string name) => Path.Combine(_layers, Digest.Parse(name).Hex);

    public string CommittedFs(string name) => Path.Combine(CommittedDir(name), TransientData);

    public bool IsCommitted(string name) => Directory.Exists(CommittedDir(name));

    /// <summary>The chain from <paramref name="name"/> down to the base layer, top first (overlay's lowerdir order).</summary>
    public IReadOnlyList<string> ChainTopFirst(string name)
    {
        var chain = new List<string>();
        for (string? current = name; current is not null; current = ReadParent(CommittedDir(current)))
        {
            if (!IsCommitted(current))
            {
                throw new EngineException(ErrorKind.NotFound, $"layer {current} is missing from the snapshot store");
            }

            chain.Add(current);
            if (chain.Count > MaxChain)
            {
                throw new EngineException(ErrorKind.DataLoss, $"layer chain of {name} loops");
            }
        }

        return chain;
    }

    public ActiveSnapshot Create(string key, string? parent, SnapshotKind kind, bool transient, IEnumerable<string> extraDirectories)
    {
        if (!IsKey(key))
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"invalid snapshot key \"{key}\"");
        }

        if (Find(key) is not null)
        {
            throw new EngineException(ErrorKind.AlreadyExists, $"snapshot {key} already exists");
        }

        if (parent is not null && !IsCommitted(parent))
        {
            throw new EngineException(ErrorKind.NotFound, $"parent snapshot {parent} does not exist");
        }

        var directory = transient ? TransientDirectory(Environment.ProcessId, key) : Path.Combine(_active, key);
        var snapshot = new ActiveSnapshot(key, directory, Path.Combine(directory, transient ? TransientData : _activeData), parent, kind, transient);
        Directory.CreateDirectory(snapshot.Data);
        foreach (var extra in extraDirectories)
        {
            Directory.CreateDirectory(snapshot.Sub(extra));
        }

        // Container snapshots always say their parent (earlier versions read it to mount); a transient layer only
        // when it has one, keeping an unpacked layer's writes what they were before this store.
        if (!transient || parent is not null)
        {
            File.WriteAllText(snapshot.Sub("parent"), parent ?? string.Empty);
        }

        if (kind == SnapshotKind.View)
        {
            File.WriteAllText(snapshot.Sub("kind"), "view");
        }

        return snapshot;
    }

    public ActiveSnapshot Get(string key) =>
        Find(key) ?? throw new EngineException(ErrorKind.NotFound, $"snapshot {key} does not exist");

    public ActiveSnapshot? Find(string key)
    {
        if (!IsKey(key))
        {
            return null;
        }

        var persistent = Path.Combine(_active, key);
        if (Directory.Exists(persistent))
        {
            var kind = File.Exists(Path.Combine(persistent, "kind")) ? SnapshotKind.View : SnapshotKind.Active;
            return new ActiveSnapshot(key, persistent, Path.Combine(persistent, _activeData), ReadParent(persistent), kind, Transient: false);
        }

        var transient = TransientDirectory(Environment.ProcessId, key);
        return Directory.Exists(transient)
            ? new ActiveSnapshot(key, transient, Path.Combine(transient, TransientData), ReadParent(transient), SnapshotKind.Active, Transient: true)
            : null;
    }

    public void Commit(string name, string key, CommitOptions? options, bool supportsRebase)
    {
        var snapshot = Get(key);
        if (snapshot.Kind == SnapshotKind.View)
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"snapshot {key} is a view and cannot be committed");
        }

        var parent = options?.Parent ?? snapshot.Parent;
        if (parent != snapshot.Parent && !(supportsRebase && snapshot.Parent is null))
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"snapshot {key} cannot be committed onto {parent}: it was prepared on {snapshot.Parent ?? "nothing"}");
        }

        var target = CommittedDir(name);
        if (Directory.Exists(target))
        {
            DeleteTree(snapshot.Directory);
            return;
        }

        var size = options?.Size ?? TreeUsage.Measure(snapshot.Data);
        var work = snapshot.Directory;
        if (!snapshot.Transient)
        {
            // Into the layers directory first: a crash from here on leaves a temporary directory CleanupStale removes.
            work = TransientDirectory(Environment.ProcessId, "." + Guid.NewGuid().ToString("N"));
            Directory.Move(snapshot.Directory, work);
            foreach (var leftover in new[] { "work", "merged", "empty" })
            {
                DeleteTree(Path.Combine(work, leftover));
            }

            File.Delete(Path.Combine(work, "kind"));
            Directory.Move(Path.Combine(work, _activeData), Path.Combine(work, TransientData));
        }

        File.WriteAllText(Path.Combine(work, "parent"), parent ?? string.Empty);
        File.WriteAllText(Path.Combine(work, "size"), size.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.Move(work, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another pull committed the same layer first: its copy is as good as ours.
            DeleteTree(work);
        }
    }

    public void Remove(string key)
    {
        if (!Digest.TryParse(key, out var name))
        {
            if (Find(key) is { } snapshot)
            {
                DeleteTree(snapshot.Directory);
            }

            return;
        }

        var path = Path.Combine(_layers, name.Hex);
        if (!Directory.Exists(path))
        {
            return;
        }

        // Rename first so a half-deleted layer is never mistaken for a complete one.
        var doomed = TransientDirectory(Environment.ProcessId, ".rm-" + Guid.NewGuid().ToString("N"));
        Directory.Move(path, doomed);
        DeleteTree(doomed);
    }

    public SnapshotInfo? Stat(string key)
    {
        if (Digest.TryParse(key, out var name))
        {
            var path = Path.Combine(_layers, name.Hex);
            return Directory.Exists(path) ? new SnapshotInfo(name.ToString(), ReadParent(path), SnapshotKind.Committed) : null;
        }

        return Find(key) is { } snapshot ? new SnapshotInfo(snapshot.Key, snapshot.Parent, snapshot.Kind, snapshot.Transient) : null;
    }

    public SnapshotUsage Usage(string key)
    {
        if (Digest.TryParse(key, out var name))
        {
            var file = Path.Combine(_layers, name.Hex, "size");
            return new SnapshotUsage(File.Exists(file) && long.TryParse(File.ReadAllText(file), CultureInfo.InvariantCulture, out var size) ? size : 0);
        }

        return new SnapshotUsage(Find(key) is { } snapshot ? TreeUsage.Measure(snapshot.Data) : 0);
    }

    public IReadOnlyList<SnapshotInfo> Walk()
    {
        var result = new List<SnapshotInfo>();
        var transient = new List<SnapshotInfo>();
        foreach (var dir in Directory.EnumerateDirectories(_layers))
        {
            var entry = Path.GetFileName(dir);
            if (Digest.IsHex64(entry))
            {
                result.Add(new SnapshotInfo("sha256:" + entry, ReadParent(dir), SnapshotKind.Committed));
            }
            else if (ParseTransient(entry) is ({ } key, _) && IsKey(key))
            {
                transient.Add(new SnapshotInfo(key, ReadParent(dir), SnapshotKind.Active, Transient: true));
            }
        }

        result.AddRange(transient);
        foreach (var dir in Directory.EnumerateDirectories(_active))
        {
            var kind = File.Exists(Path.Combine(dir, "kind")) ? SnapshotKind.View : SnapshotKind.Active;
            result.Add(new SnapshotInfo(Path.GetFileName(dir), ReadParent(dir), kind));
        }

        return result;
    }

    public void CleanupStale()
    {
        foreach (var dir in Directory.EnumerateDirectories(_layers, "tmp-*"))
        {
            if (ParseTransient(Path.GetFileName(dir)) is (_, { } pid) && !ProcessIsAlive(pid))
            {
                DeleteTree(dir);
            }
        }
    }

    internal static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Keys become directory names: no separators, no dot files, no ':' (committed names have one).</summary>
    internal static bool IsKey(string key) =>
        key.Length is > 0 and <= 200 && key[0] != '.' && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private string TransientDirectory(int pid, string key) =>
        Path.Combine(_layers, string.Create(CultureInfo.InvariantCulture, $"tmp-{pid}-{key}"));

    private static (string? Key, int? Pid) ParseTransient(string entry)
    {
        var parts = entry.Split('-', 3);
        return parts.Length == 3 && parts[0] == "tmp" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) ? (parts[2], pid) : (null, null);
    }

    private static string? ReadParent(string directory)
    {
        var file = Path.Combine(directory, "parent");
        var parent = File.Exists(file) ? File.ReadAllText(file).Trim() : string.Empty;
        return parent.Length == 0 ? null : parent;
    }

    private static bool ProcessIsAlive(int pid) => pid == Environment.ProcessId || Linux.NativeProcess.IsAlive(pid);
}
