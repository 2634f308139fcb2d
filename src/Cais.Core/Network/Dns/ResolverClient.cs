using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Commands;

namespace Cais.Network.Dns;

/// <summary>
/// The engine's side of the resident resolver: after containers are attached to or detached from networks it tells
/// the daemon to re-read the store, starting the daemon first when containers need one and none runs. Safe to use
/// from several processes at once: the daemon's flock lets only one of any concurrently started daemons live.
/// </summary>
public sealed class ResolverClient(ResolverClientOptions options)
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(20);

    private readonly ResolverFiles _files = ResolverFiles.For(options.RunRoot);

    public ResolverFiles Files => _files;

    /// <summary>
    /// Makes the daemon serve what the store holds now. Returns the number of networks served, 0 when the resolver
    /// is not needed (then no process is started, and a running daemon is only told so and exits).
    /// </summary>
    /// <exception cref="EngineException">Containers need a resolver and none could be started or reached in time.</exception>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var served = ResolverUsage.ServedNetworks(options.Networks);
        if (!ResolverUsage.InUse(served, options.Records))
        {
            // Nothing to serve: only a daemon that is already there needs to hear it (it answers idle and exits).
            if (File.Exists(_files.ControlSocket))
            {
                _ = await TrySendAsync("sync", cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        var deadline = DateTimeOffset.UtcNow + options.Timeout;
        Task? spawned = null;
        string? lastProblem = null;
        while (true)
        {
            var reply = await TrySendAsync("sync", cancellationToken).ConfigureAwait(false);
            switch (reply)
            {
                case "idle":
                    // Everything was detached between our look at the store and the daemon's.
                    return 0;
                case not null when reply.StartsWith("ok ", StringComparison.Ordinal)
                    && int.TryParse(reply.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                    return count;
                case not null when reply.StartsWith("error", StringComparison.Ordinal):
                    throw new EngineException(ErrorKind.Unavailable, $"the DNS resolver could not sync: {reply[5..].Trim()}");
                case not null:
                    throw new EngineException(ErrorKind.Unavailable, $"the DNS resolver gave an unexpected answer: {reply}");
                default:
                    break;
            }

            if (options.DaemonCommand is null)
            {
                // Not the published binary: nothing we could start would be the right program.
                return 0;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new EngineException(ErrorKind.Unavailable,
                    $"the DNS resolver did not answer on {_files.ControlSocket} within {options.Timeout.TotalSeconds:0.#} s" +
                    (lastProblem is null ? "" : $" ({lastProblem})"));
            }

            // Start one unless one is alive already (starting up, or just going away after answering idle to someone).
            if ((spawned is null || spawned.IsCompleted) && !DaemonHoldsLock())
            {
                try
                {
                    spawned = Spawn(options.DaemonCommand);
                }
                catch (EngineException e)
                {
                    throw new EngineException(e.Kind, $"cannot start the DNS resolver: {e.Message}", e);
                }
            }

            lastProblem = spawned is { IsCompleted: true } ? "the resolver process it started exited" : null;
            await Task.Delay(s_retryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the daemon again when it died (killed, crashed) while containers need it; a daemon that is alive costs one
    /// lock probe and nothing else. Otherwise names stay unresolved until some container joins or leaves a network.
    /// </summary>
    public async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (!DaemonHoldsLock())
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one command; the reply line, or null when no daemon took it (no socket, refused, closed unanswered).</summary>
    private async Task<string?> TrySendAsync(string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_files.ControlSocket), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[256];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                length += read;
                var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
                if (newline >= 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, newline);
                }
            }

            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>True when some process holds the daemon lock right now (a daemon is running, starting or exiting).</summary>
    private bool DaemonHoldsLock()
    {
        if (!File.Exists(_files.Lock))
        {
            return false;
        }

        using var probe = FileLock.TryAcquire(_files.Lock, exclusive: true);
        return probe is null;
    }

    /// <summary>
    /// Starts the daemon in its own session with stdio on /dev/null and "/" as its directory, so it outlives us and
    /// holds nothing of ours. It stays our child until we exit; the returned task reaps it, so a long-lived caller
    /// (the API service) collects no zombies, and completes when that daemon exited (say, it lost the lock race).
    /// </summary>
    private Task Spawn(IReadOnlyList<string> command)
    {
        var daemon = options.Commands.Start(new SpawnRequest
        {
            Path = command[0],
            Arguments = command,
            NewSession = true,
            WorkingDirectory = "/",
        });
        return daemon.WaitAsync(CancellationToken.None);
    }
}
