using Cais.Common;

namespace Cais.Snapshots;

/// <summary>
/// The on-disk layout shared by both snapshotters: <c>layers/&lt;chain-hex&gt;/{fs,parent,size}</c>, written in a
/// temporary directory and renamed into place, so a layer directory that exists is always complete.
/// </summary>
internal sealed class LayerDirectory
{
    private readonly string _layers;

    public LayerDirectory(string root)
    {
        _layers = Path.Combine(root, "layers");
        Directory.CreateDirectory(_layers);
    }

    public string PathOf(string chainId) => Path.Combine(_layers, Digest.Parse(chainId).Hex);

    public string FsOf(string chainId) => Path.Combine(PathOf(chainId), "fs");

    public bool Exists(string chainId) => Directory.Exists(PathOf(chainId));

    public PreparedLayer NewTemporary(string chainId, string? parentChainId)
    {
        var work = Path.Combine(_layers, $"tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var fs = Path.Combine(work, "fs");
        Directory.CreateDirectory(fs);
        return new PreparedLayer(chainId, parentChainId, fs, work);
    }

    public void Commit(PreparedLayer layer, long size)
    {
        File.WriteAllText(Path.Combine(layer.WorkDir, "parent"), layer.ParentChainId ?? "");
        File.WriteAllText(Path.Combine(layer.WorkDir, "size"), size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Directory.Move(layer.WorkDir, PathOf(layer.ChainId));
        }
        catch (IOException) when (Exists(layer.ChainId))
        {
            // Another pull committed the same layer first: its copy is as good as ours.
            Abort(layer);
        }
    }

    public void Abort(PreparedLayer layer) => DeleteTree(layer.WorkDir);

    public long SizeOf(string chainId)
    {
        var file = Path.Combine(PathOf(chainId), "size");
        return File.Exists(file) && long.TryParse(File.ReadAllText(file), System.Globalization.CultureInfo.InvariantCulture, out var size) ? size : 0;
    }

    public string? ParentOf(string chainId)
    {
        var parent = File.ReadAllText(Path.Combine(PathOf(chainId), "parent")).Trim();
        return parent.Length == 0 ? null : parent;
    }

    /// <summary>The chain from <paramref name="chainId"/> down to the base layer, top first (overlay's lowerdir order).</summary>
    public IReadOnlyList<string> ChainTopFirst(string chainId)
    {
        var chain = new List<string>();
        for (string? current = chainId; current is not null; current = ParentOf(current))
        {
            if (!Exists(current))
            {
                throw new EngineException(ErrorKind.NotFound, $"layer {current} is missing from the snapshot store");
            }

            chain.Add(current);
            if (chain.Count > 500)
            {
                throw new EngineException(ErrorKind.DataLoss, $"layer chain of {chainId} loops");
            }
        }

        return chain;
    }

    public IReadOnlyList<string> List()
    {
        var result = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(_layers))
        {
            var name = Path.GetFileName(dir);
            if (Digest.IsHex64(name))
            {
                result.Add("sha256:" + name);
            }
        }

        return result;
    }

    public void Remove(string chainId)
    {
        var path = PathOf(chainId);
        if (!Directory.Exists(path))
        {
            return;
        }

        // Rename first so a half-deleted layer is never mistaken for a complete one.
        var doomed = Path.Combine(_layers, $"tmp-{Environment.ProcessId}-rm-{Guid.NewGuid():N}");
        Directory.Move(path, doomed);
        DeleteTree(doomed);
    }

    public void CleanupStale()
    {
        foreach (var dir in Directory.EnumerateDirectories(_layers, "tmp-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length >= 2 && int.TryParse(parts[1], out var pid) && !ProcessIsAlive(pid))
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

    private static bool ProcessIsAlive(int pid) => pid == Environment.ProcessId || Linux.NativeProcess.IsAlive(pid);
}
