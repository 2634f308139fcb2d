using System.Globalization;
using Cais.Common;
using Cais.Linux;
using Cais.Oci;
using Cais.Oci.Runtime;
using Cais.Runtime;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Runtime;

/// <summary>
/// Builds busybox bundles under a private temp dir with a private runc --root, and tears down every container and
/// conmon it made, even when a test failed half way.
/// </summary>
internal sealed class RuntimeTestBed : IAsyncDisposable
{
    public const string Runc = "/usr/sbin/runc";
    public const string Conmon = "/usr/bin/conmon";
    public const string Busybox = "/bin/busybox";

    private static readonly string[] Applets = ["sh", "echo", "cat", "sleep", "true", "false", "tty", "test", "ls", "stty"];

    private static readonly string[] DefaultCaps =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    private readonly TempDirectory _temp = new("cais-rt");
    private readonly List<ContainerLaunch> _launched = [];

    // Each bed gets its own cgroup parent so removing it at the end cannot race another bed's containers.
    private readonly string _cgroupParent = "cais-test-" + Ids.Short(Ids.NewId());

    public RuntimeTestBed()
    {
        RequirePrerequisites();
        Runtime = new ConmonRuntime(new ConmonRuntimeOptions
        {
            ConmonPath = Conmon,
            RuntimePath = Runc,
            RuntimeRoot = _temp.Combine("runc"),
            CreateTimeout = TimeSpan.FromSeconds(30),
        });
        ExitDir = _temp.Combine("exits");
    }

    public ConmonRuntime Runtime { get; }

    public string ExitDir { get; }

    public string Root => _temp.Path;

    public static SpecProcess Process(bool terminal, params string[] args) => new()
    {
        Terminal = terminal,
        Args = args,
        Env = ["PATH=/bin", "TERM=xterm"],
        Cwd = "/",
        Capabilities = new SpecCapabilities
        {
            Bounding = DefaultCaps,
            Effective = DefaultCaps,
            Permitted = DefaultCaps,
        },
    };

    /// <summary>A bundle and launch description for a busybox container running <paramref name="args"/>.</summary>
    public ContainerLaunch NewContainer(string[] args, bool terminal = false, bool stdin = false, string? bundleParent = null)
    {
        var id = Ids.NewId();
        var shortId = Ids.Short(id);
        var bundle = Path.Combine(bundleParent ?? _temp.Combine("bundles"), shortId);
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy(Busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }

        // A regular, non-executable file: running it must fail with permission denied (Docker's 126).
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/:/bin/sh\n");

        var spec = new RuntimeSpec
        {
            Process = Process(terminal, args),
            Root = new SpecRoot { Path = "rootfs" },
            Hostname = shortId,
            Mounts =
            [
                new SpecMount { Destination = "/proc", Type = "proc", Source = "proc" },
                new SpecMount { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
                new SpecMount { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
            ],
            Linux = new SpecLinux
            {
                CgroupsPath = $"/{_cgroupParent}/{shortId}",
                Namespaces =
                [
                    new SpecNamespace { Type = "pid" },
                    new SpecNamespace { Type = "ipc" },
                    new SpecNamespace { Type = "uts" },
                    new SpecNamespace { Type = "mount" },
                    new SpecNamespace { Type = "network" },
                ],
                Resources = new SpecResources { Devices = [new SpecDeviceCgroup { Allow = false, Access = "rwm" }] },
            },
        };
        File.WriteAllText(Path.Combine(bundle, "config.json"), System.Text.Json.JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec));

        var launch = new ContainerLaunch
        {
            Id = id,
            Name = "test-" + shortId,
            BundleDir = bundle,
            LogPath = _temp.Combine("logs", shortId + ".log"),
            ExitDir = ExitDir,
            RunDir = _temp.Combine("run", shortId),
            Terminal = terminal,
            Stdin = stdin,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(launch.LogPath)!);
        _launched.Add(launch);
        return launch;
    }

    public static int ParentPid(int pid)
    {
        foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("PPid:", StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan(5).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no PPid for {pid}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns the last result.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var launch in _launched)
        {
            var conmon = ConmonRuntime.ReadConmonPid(launch.RunDir);
            try
            {
                await Runtime.DeleteAsync(launch.Id, force: true, CancellationToken.None);
            }
            catch (EngineException)
            {
            }

            if (conmon is { } pid && NativeProcess.IsRunning(pid) && IsConmon(pid))
            {
                NativeProcess.Kill(pid, 9);
            }
        }

        // runc removes each container's cgroup but not the parent we invented for the test.
        foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            foreach (var dir in new[] { Path.Combine(controller, _cgroupParent), Path.Combine(controller, "unified", _cgroupParent) })
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (IOException)
                {
                }
            }
        }

        _temp.Dispose();
    }

    private static bool IsConmon(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "conmon";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void RequirePrerequisites()
    {
        Assert.True(IsRoot(), "runtime integration tests must run as root (runc creates namespaces and cgroups)");
        foreach (var tool in new[] { Runc, Conmon, Busybox })
        {
            Assert.True(File.Exists(tool), $"runtime integration tests need {tool} (install runc, conmon and busybox-static)");
        }
    }

    private static bool IsRoot()
    {
        foreach (var line in File.ReadAllLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
            }
        }

        return false;
    }
}
