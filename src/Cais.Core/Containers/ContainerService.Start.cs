using System.Text.Json;
using Cais.Common;
using Cais.Containers.Security;
using Cais.Containers.Spec;
using Cais.Containers.State;
using Cais.Linux;
using Cais.Metadata;
using Cais.Oci;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Starts a created or exited container. <paramref name="beforeStart"/> runs after the runtime has created the
    /// container and before its process runs: the place to attach, so that no output is lost.
    /// </summary>
    /// <summary>How long conmon holds back its cleanup command for an attached waiter (ContainerLaunch.ExitCommandDelaySeconds).</summary>
    private const int ForegroundExitCommandDelaySeconds = 1;

    public async Task<ContainerRecord> StartAsync(string idOrName, Func<ContainerRecord, Task>? beforeStart, CancellationToken cancellationToken)
    {
        var locked = await LockCurrentAsync(idOrName, cancellationToken).ConfigureAwait(false);
        using var held = locked.Hold;
        var record = locked.Current ?? throw NoSuchContainer(idOrName);
        if (!ContainerTransitions.Ensure(ContainerOperation.Start, record, idOrName))
        {
            return record;
        }

        Log.Starting(Logger, record.Id);
        // A previous run may have left runtime state behind if nobody cleaned up after it.
        await ReleaseRuntimeAsync(record, cancellationToken).ConfigureAwait(false);
        DeleteExitFile(record.Id);
        var runDir = RunDir(record.Id);
        Directory.CreateDirectory(runDir);
        Directory.CreateDirectory(paths.ExitDir);
        Task attach = Task.CompletedTask;
        try
        {
            (record, var netns) = await PrepareNetworkNamespaceAsync(record, cancellationToken).ConfigureAwait(false);

            // Taken before the monitor starts, which inherits the sockets and holds the ports while the container runs;
            // our copies close when this block ends.
            using var heldPorts = await ReservePortsAsync(record, cancellationToken).ConfigureAwait(false);
            if (record.State.NetnsPath is { } own)
            {
                // The CNI plugins take about as long as the runtime does to create the container: run them side by side,
                // and only let the container's process start once both are done.
                attach = Task.Run(() => AttachNetworksAsync(record.Id, own, cancellationToken), cancellationToken);
            }

            // An attached start (beforeStart given) has a waiter that cleans up itself: conmon's command waits.
            var exitDelay = beforeStart is null || exitCommandPrefix is null ? 0 : ForegroundExitCommandDelaySeconds;
            var rootfs = MountRootfs(record.Id);
            var image = images.Find(record.ImageId);
            var defaults = image is null ? null : (await images.ReadConfigAsync(image, cancellationToken).ConfigureAwait(false)).Config;
            var spec = await SpecGenerator.GenerateAsync(BuildSpecInput(record, rootfs, defaults, netns), HostFacts.Current, cancellationToken).ConfigureAwait(false);
            BindTargets.Prepare(rootfs, spec.Mounts);
            await using (var file = File.Create(Path.Combine(runDir, "config.json")))
            {
                await JsonSerializer.SerializeAsync(file, spec, OciJsonContext.Default.RuntimeSpec, cancellationToken).ConfigureAwait(false);
            }

            var pid = await runtime.CreateAsync(new ContainerLaunch
            {
                Id = record.Id,
                Name = record.Name,
                BundleDir = runDir,
                LogPath = LogPath(record.Id),
                ExitDir = paths.ExitDir,
                RunDir = runDir,
                Terminal = record.Settings.Tty,
                Stdin = record.Settings.OpenStdin,
                ExitCommand = exitCommandPrefix is null ? null : [.. exitCommandPrefix, "container", "cleanup", record.Id],
                ExitCommandDelaySeconds = exitDelay,
                HeldHandles = heldPorts?.Handles ?? [],
            }, cancellationToken).ConfigureAwait(false);
            await attach.ConfigureAwait(false);

            // The monitor is recorded now, so that whoever finds this start killed half-way can end it; the status
            // stays as it was until `runc start` succeeded: a record never says running for a process that never ran.
            var conmonPid = runtime.ReadMonitorPid(runDir) ?? 0;
            var conmonStartTime = ProcessStartTime.Of(conmonPid) ?? 0;
            record = containers.Mutate(record.Id, r => r with
            {
                State = ContainerStates.MonitorLaunched(r.State, pid, conmonPid, conmonStartTime, ContainerLiveness.CurrentBootId, exitDelay > 0),
            })!;

            if (beforeStart is not null)
            {
                await beforeStart(record).ConfigureAwait(false);
            }

            TestPausePoint.Reach(TestPausePoint.BeforeRuntimeStart);
            await runtime.StartAsync(record.Id, cancellationToken).ConfigureAwait(false);

            // A process that exits at once is still recorded as started: its conmon's cleanup waits for our lock.
            return Emitted(Events.EventActions.Start, containers.Mutate(record.Id, r => r with { State = ContainerStates.Started(r.State, DateTimeOffset.UtcNow) })!);
        }
        catch (Exception e)
        {
            // Docker leaves a container whose command cannot run in "created" with the error and 126/127 recorded.
            var launchCode = CommandLaunchException.ExitCodeOf(e);
            try
            {
                // Never tear down under a CNI ADD still running.
                await attach.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The start failed already; the first failure is the one reported.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await ReleaseRuntimeAsync(record, CancellationToken.None).ConfigureAwait(false);
            containers.Mutate(record.Id, r => r with { State = ContainerStates.StartFailed(r.State, launchCode ?? 128, e.Message) });
            throw;
        }
    }

    private SpecInput BuildSpecInput(ContainerRecord record, string rootfs, Oci.Image.ContainerDefaults? defaults, string? netns)
    {
        var settings = record.Settings;
        var etc = DataDir(IsContainerMode(settings.NetworkMode) ? settings.NetworkMode[ContainerModePrefix.Length..] : record.Id);
        var shared = ShareNamespaces(settings, record.Id);
        return new SpecInput
        {
            Domainname = settings.Domainname,
            Pid = shared.Pid,
            Ipc = shared.Ipc,
            Uts = shared.Uts,
            Shm = shared.Shm,
            ContainerId = record.Id,
            RootfsPath = rootfs,
            // The record already holds the resolved entrypoint and cmd; image defaults still supply env, user and workdir.
            Image = defaults is null ? null : defaults with { Entrypoint = null, Cmd = null },
            Entrypoint = settings.Entrypoint ?? [],
            Cmd = settings.Cmd ?? [],
            Env = settings.Env,
            WorkingDir = settings.WorkingDir,
            User = settings.User,
            Hostname = settings.Hostname,
            Terminal = settings.Tty,
            Privileged = settings.Privileged,
            CapAdd = settings.CapAdd,
            CapDrop = settings.CapDrop,
            Security = SecurityOptions.Parse(settings.SecurityOpt, HostFacts.Current),
            NetworkMode = netns is not null ? NetworkMode.Path : settings.NetworkMode == "host" ? NetworkMode.Host : NetworkMode.None,
            NetworkNamespacePath = netns,
            Mounts = settings.Binds.Select(BindSpec.Parse).ToList(),
            // container: mode shares the other container's files too, as Docker does.
            EtcHostsPath = Path.Combine(etc, "hosts"),
            EtcHostnamePath = Path.Combine(etc, "hostname"),
            ResolvConfPath = Path.Combine(etc, "resolv.conf"),
            CgroupsPath = CgroupPath(record.Id),
        };
    }
}
