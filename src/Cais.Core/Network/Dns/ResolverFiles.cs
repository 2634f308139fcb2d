namespace Cais.Network.Dns;

/// <summary>Where the resident resolver of one run root keeps its control socket, lock and pid file.</summary>
public sealed record ResolverFiles(string Directory)
{
    public static ResolverFiles For(string runRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(runRoot);
        return new ResolverFiles(Path.Combine(runRoot, "dns"));
    }

    /// <summary>Unix stream socket; a client writes one command line ("sync") and reads one reply line.</summary>
    public string ControlSocket => Path.Combine(Directory, "control.sock");

    /// <summary>flock()ed exclusively by the running daemon for its whole life: the single-instance guard.</summary>
    public string Lock => Path.Combine(Directory, "daemon.lock");

    public string Pid => Path.Combine(Directory, "daemon.pid");
}
