using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cais.TestSupport;

namespace Cais.Compat.Tests.Fixture;

/// <summary>
/// A dockerd of our own for the comparison: its data root, exec root (with the containerd it manages), socket and
/// pid file in one temp directory, its default network on a bridge we create and delete, its user networks carved from
/// a pool Cais never uses, and no iptables rules or sysctl changes at all (--iptables=false, --ip-masq=false,
/// --ip-forward=false), so it can share the host with Cais, the system's services and other test runs. Published ports
/// then go through docker-proxy, which is all a comparison of CLI output needs.
/// </summary>
public sealed class PrivateDockerd : IAsyncDisposable
{
    /// <summary>
    /// Cais picks bridge subnets from Docker's default pools (172.17-31.0.0/16, then 192.168.0.0/20 steps; see
    /// SubnetAllocator) and Podman's default is 10.88.0.0/16: 10.198.0.0/16 (the default bridge) and 10.200.0.0/14 (four
    /// /16 user networks) are none of them. /16s as in Docker's defaults, so prefix lengths compare equal.
    /// </summary>
    public const string BridgeAddress = "10.198.0.1/16";

    public const string AddressPool = "base=10.200.0.0/14,size=16";

    private static readonly string[] Ranges = ["10.198.0.0/16", "10.200.0.0/14"];

    private readonly Process _process;
    private readonly StringBuilder _log;
    private bool _disposed;

    private PrivateDockerd(Process process, StringBuilder log, string directory, string bridge)
    {
        _process = process;
        _log = log;
        StateDirectory = directory;
        Bridge = bridge;
    }

    /// <summary>unix:///…/docker.sock, for the client's -H.</summary>
    public string Host => "unix://" + Path.Combine(StateDirectory, "docker.sock");

    /// <summary>The bridge device of the daemon's default "bridge" network.</summary>
    public string Bridge { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private string StateDirectory { get; }

    public static async Task<PrivateDockerd> StartAsync(string dockerClient, CancellationToken cancellationToken)
    {
        Requires.Root("dockerd", "containerd", "ip");
        await EnsureRangeIsFreeAsync(cancellationToken);
        var directory = Directory.CreateTempSubdirectory("cais-compat-dockerd-").FullName;
        var bridge = "cmpdk" + (Environment.ProcessId % 1_000_000).ToString(CultureInfo.InvariantCulture);
        try
        {
            await RunCheckedAsync("ip", ["link", "add", bridge, "type", "bridge"], cancellationToken);
            await RunCheckedAsync("ip", ["addr", "add", BridgeAddress, "dev", bridge], cancellationToken);
            await RunCheckedAsync("ip", ["link", "set", bridge, "up"], cancellationToken);
            var config = Path.Combine(directory, "daemon.json");
            await File.WriteAllTextAsync(config, "{}\n", cancellationToken);
            var daemon = Launch(directory, bridge, config);
            try
            {
                await daemon.WaitReadyAsync(dockerClient, cancellationToken);
                return daemon;
            }
            catch
            {
                await daemon.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await RemoveBridgeAsync(bridge);
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>Stops the daemon (SIGTERM, then SIGKILL), kills what it left, unmounts and deletes its state, removes the bridge.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            await ExternalTool.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();

        // containerd and its shims name our directory on their command lines; a daemon that died hard leaves them.
        foreach (var pid in ProcessTable.Find(argv => argv.Any(a => a.Contains(StateDirectory, StringComparison.Ordinal))))
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }

        foreach (var mount in MountsUnder(StateDirectory).OrderByDescending(m => m.Length))
        {
            await ExternalTool.RunAsync("umount", ["-l", mount], CancellationToken.None);
        }

        await RemoveBridgeAsync(Bridge);
        await RemoveUserNetworkBridgesAsync();
        TryDelete(StateDirectory);
    }

    /// <summary>
    /// A daemon stopped while user networks exist leaves their br-* bridges (it would reuse them on its next start, which
    /// never comes): remove every bridge holding an address of our range.
    /// </summary>
    private static async Task RemoveUserNetworkBridgesAsync()
    {
        var addresses = await ExternalTool.RunAsync("ip", ["-o", "-4", "addr", "show"], CancellationToken.None);
        string[] prefixes = ["10.198.", "10.200.", "10.201.", "10.202.", "10.203."];
        foreach (var line in addresses.Stdout.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1].StartsWith("br-", StringComparison.Ordinal) && prefixes.Any(p => fields[3].StartsWith(p, StringComparison.Ordinal)))
            {
                await RemoveBridgeAsync(fields[1]);
            }
        }
    }

    private static PrivateDockerd Launch(string directory, string bridge, string config)
    {
        var start = new ProcessStartInfo("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] arguments =
        [
            "--config-file", config,
            "--data-root", Path.Combine(directory, "data"),
            "--exec-root", Path.Combine(directory, "exec"),
            "--pidfile", Path.Combine(directory, "dockerd.pid"),
            "-H", "unix://" + Path.Combine(directory, "docker.sock"),
            "--bridge", bridge,
            "--default-address-pool", AddressPool,
            "--iptables=false", "--ip-masq=false", "--ip-forward=false",
            "--storage-driver", "overlay2",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY" })
        {
            start.Environment.Remove(name);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                if (log.Length < 256 * 1024)
                {
                    log.Append(e.Data).Append('\n');
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrivateDockerd(process, log, directory, bridge);
    }

    private async Task WaitReadyAsync(string dockerClient, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the private dockerd exited with {_process.ExitCode} before answering:\n{Log}");
            }

            var probe = await ExternalTool.RunAsync(dockerClient, ["-H", Host, "version", "--format", "{{.Server.Version}}"], cancellationToken);
            if (probe.Succeeded)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"the private dockerd did not answer on {Host} within 90 s ({probe.Stderr.Trim()}):\n{Log}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task EnsureRangeIsFreeAsync(CancellationToken cancellationToken)
    {
        foreach (var range in Ranges)
        {
            // "root" lists routes inside the range; "match" those that contain it (the default route always does).
            var inside = await RunCheckedAsync("ip", ["-4", "-o", "route", "show", "root", range], cancellationToken);
            var containing = await RunCheckedAsync("ip", ["-4", "-o", "route", "show", "match", range], cancellationToken);
            var clash = inside.Stdout.Split('\n').Concat(containing.Stdout.Split('\n'))
                .Where(l => l.Length > 0 && !l.StartsWith("default", StringComparison.Ordinal)).ToList();
            if (clash.Count > 0)
            {
                throw new InvalidOperationException($"the host already routes part of {range}, which the private dockerd's bridges use: {string.Join("; ", clash)}");
            }
        }
    }

    private static async Task RemoveBridgeAsync(string bridge)
    {
        if (Directory.Exists(Path.Combine("/sys/class/net", bridge)))
        {
            await ExternalTool.RunAsync("ip", ["link", "del", bridge], CancellationToken.None);
        }
    }

    private static IEnumerable<string> MountsUnder(string directory) =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(directory + "/", StringComparison.Ordinal));

    private static Task<ToolResult> RunCheckedAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        ExternalTool.RunCheckedAsync(program, arguments, cancellationToken);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
