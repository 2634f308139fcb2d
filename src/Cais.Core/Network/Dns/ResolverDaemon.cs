using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cais.Common;
using Cais.Linux;

namespace Cais.Network.Dns;

/// <summary>
/// The resident embedded resolver of one state: one <see cref="DnsServer"/> per user-defined network on its gateway
/// address, answering from the metadata database. Cais has no daemon, so any cais process that attaches a container
/// asks this process to <c>sync</c> over its control socket (starting it if needed); it outlives that process and
/// exits by itself once no container is attached to a served network. One per run root: it holds an exclusive
/// flock on <see cref="ResolverFiles.Lock"/> while it runs.
/// </summary>
public sealed class ResolverDaemon
{
    private const int MaxCommandLength = 256;
    private const int MaxDiscarded = 64 * 1024;

    private readonly ResolverDaemonOptions _options;
    private readonly ResolverFiles _files;
    private readonly IDnsRecordSource _records;
    private readonly Dictionary<string, (NetworkRecord Network, DnsServer Server)> _servers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _syncLock = new(1, 1);

    // Set under _syncLock once the daemon has decided to exit; later commands get no answer, so their clients retry
    // against the next daemon instead of trusting this one.
    private bool _stopping;

    public ResolverDaemon(ResolverDaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        _options = options;
        _files = ResolverFiles.For(options.RunRoot);
        _records = options.Records;
    }

    public ResolverFiles Files => _files;

    /// <summary>Where each served network's resolver listens, by network ID.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Listening
    {
        get
        {
            lock (_servers)
            {
                return _servers.ToDictionary(s => s.Key, s => s.Value.Server.EndPoint, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Serves until idle or cancelled, then stops every server and removes the control socket and pid file. Returns
    /// at once with <see cref="ResolverDaemonOutcome.AlreadyRunning"/> when another daemon has this run root.
    /// </summary>
    public async Task<ResolverDaemonOutcome> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_files.Directory);
        File.SetUnixFileMode(_files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var hold = FileLock.TryAcquire(_files.Lock, exclusive: true);
        if (hold is null)
        {
            return ResolverDaemonOutcome.AlreadyRunning;
        }

        using var idle = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        Socket? listener = null;
        var handlers = new List<Task>();
        var ticker = Task.CompletedTask;
        try
        {
            await File.WriteAllTextAsync(_files.Pid, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", cancellationToken).ConfigureAwait(false);

            // Left by a daemon that crashed: we hold the lock, so it belongs to nobody.
            File.Delete(_files.ControlSocket);
            listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(_files.ControlSocket));
            File.SetUnixFileMode(_files.ControlSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(64);

            // Serve at once; idleness is only acted on when asked (the client that started us syncs next) or on a tick.
            await SyncAsync(allowIdle: false).ConfigureAwait(false);
            ticker = TickAsync(idle, stop.Token);
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    Log($"accept on the control socket failed: {e.Message}");
                    continue;
                }

                handlers.RemoveAll(t => t.IsCompleted);
                handlers.Add(HandleAsync(client, idle, stop.Token));
            }

            // Stop taking commands before anything else, so a client never talks to a daemon that is going away.
            listener.Dispose();
            listener = null;
            File.Delete(_files.ControlSocket);
            await Task.WhenAll([.. handlers, ticker]).ConfigureAwait(false);
            return idle.IsCancellationRequested ? ResolverDaemonOutcome.Idle : ResolverDaemonOutcome.Stopped;
        }
        finally
        {
            listener?.Dispose();
            TryDelete(_files.ControlSocket);
            await StopAllAsync().ConfigureAwait(false);
            TryDelete(_files.Pid);
        }
    }

    /// <summary>
    /// Brings the servers in line with the store: a server for every user-defined network, none for removed ones.
    /// Returns the number served, or null (changing nothing) when idle is allowed and nothing is attached.
    /// </summary>
    private async Task<int?> SyncAsync(bool allowIdle)
    {
        var served = ResolverUsage.ServedNetworks(_options.Networks);
        if (allowIdle && !ResolverUsage.InUse(served, _records))
        {
            return null;
        }

        var wanted = served.ToDictionary(n => n.Id, StringComparer.Ordinal);
        List<(NetworkRecord Network, DnsServer Server)> gone;
        lock (_servers)
        {
            gone = _servers.Values.Where(s => !wanted.TryGetValue(s.Network.Id, out var now) || Changed(s.Network, now)).ToList();
            foreach (var (network, _) in gone)
            {
                _servers.Remove(network.Id);
            }
        }

        foreach (var (network, server) in gone)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            Log($"stopped serving network {network.Name}");
        }

        foreach (var network in served)
        {
            bool have;
            lock (_servers)
            {
                have = _servers.ContainsKey(network.Id);
            }

            if (have)
            {
                continue;
            }

            try
            {
                var server = DnsServer.Start(ServerOptions(network), _records);
                lock (_servers)
                {
                    _servers[network.Id] = (network, server);
                }

                Log($"serving network {network.Name} on {server.EndPoint}");
            }
            catch (Exception e) when (e is EngineException or FormatException or SocketException)
            {
                // One network that cannot be served (its port taken by another program) must not cost the others;
                // the next sync tries again.
                Log($"cannot serve network {network.Name}: {e.Message}");
            }
        }

        lock (_servers)
        {
            return _servers.Count;
        }
    }

    private DnsServerOptions ServerOptions(NetworkRecord network)
    {
        var gateway = IPAddress.Parse(network.Gateway.Split('/')[0]);
        IReadOnlyList<IPNetwork>? clients = null;
        if (Ipv4Cidr.TryParse(network.Subnet, out var subnet))
        {
            clients = [new IPNetwork(IPAddress.Parse(Ipv4Cidr.FormatAddress(subnet.Address)), subnet.PrefixLength)];
        }

        return new DnsServerOptions(new IPEndPoint(gateway, _options.Port), network.Id)
        {
            Internal = network.Internal,
            Upstreams = _options.Upstreams,
            FreeBind = true,
            AllowedClients = clients,
        };
    }

    private static bool Changed(NetworkRecord before, NetworkRecord now) =>
        before.Gateway != now.Gateway || before.Subnet != now.Subnet || before.Internal != now.Internal;

    private async Task HandleAsync(Socket client, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        try
        {
            using (client)
            {
                string? line;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(_options.CommandTimeout);
                    line = await ReadLineAsync(client, timeout.Token).ConfigureAwait(false);
                }

                if (line is null)
                {
                    await ReplyAsync(client, "error expected one command line\n", cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (line != "sync")
                {
                    await ReplyAsync(client, $"error unknown command '{Printable(line)}'\n", cancellationToken).ConfigureAwait(false);
                    return;
                }

                await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_stopping)
                    {
                        return;
                    }

                    int? served;
                    try
                    {
                        served = await SyncAsync(allowIdle: true).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // A failed read of the store (say, a corrupt record) is reported to the client; the daemon stays.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        Log($"sync failed: {e.Message}");
                        await ReplyAsync(client, $"error {Printable(e.Message)}\n", cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    if (served is null)
                    {
                        _stopping = true;
                        await ReplyAsync(client, "idle\n", CancellationToken.None).ConfigureAwait(false);
                        await idle.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    await ReplyAsync(client, string.Create(CultureInfo.InvariantCulture, $"ok {served}\n"), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _syncLock.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping; the client sees the connection close and retries.
        }
        catch (SocketException)
        {
            // The client went away before its answer.
        }
        catch (IOException)
        {
        }
    }

    private async Task TickAsync(CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.IdleCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_stopping)
                    {
                        return;
                    }

                    if (await SyncAsync(allowIdle: true).ConfigureAwait(false) is null)
                    {
                        _stopping = true;
                        Log("no container is attached to a served network: exiting");
                        await idle.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
#pragma warning disable CA1031 // A failing periodic check must not end the daemon; the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Log($"periodic sync failed: {e.Message}");
                }
                finally
                {
                    _syncLock.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// One line without its newline; null at EOF before a newline or when the line is too long. The rest of an overlong
    /// line is read and dropped (up to a bound): closing a socket with unread input resets it, losing our error reply.
    /// </summary>
    private static async Task<string?> ReadLineAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxCommandLength];
        var length = 0;
        var discarded = 0;
        while (discarded <= MaxDiscarded)
        {
            if (length == buffer.Length)
            {
                discarded += length;
                length = 0;
            }

            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
            {
                return discarded == 0 ? Encoding.UTF8.GetString(buffer, 0, newline).TrimEnd('\r') : null;
            }
        }

        return null;
    }

    private static async Task ReplyAsync(Socket client, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await client.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    private static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 64 ? clean[..64] : clean;
    }

    private async Task StopAllAsync()
    {
        List<DnsServer> servers;
        lock (_servers)
        {
            servers = _servers.Values.Select(s => s.Server).ToList();
            _servers.Clear();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
