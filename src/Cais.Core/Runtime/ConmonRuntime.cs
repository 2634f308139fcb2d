using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Commands;
using Cais.Oci;
using Microsoft.Win32.SafeHandles;

namespace Cais.Runtime;

/// <summary>
/// Runs containers the way Podman does: one conmon per container creates it with runc, then daemonizes, so the
/// container outlives the cais process. conmon keeps the container's stdio (log file + attach socket) and writes
/// ExitDir/&lt;id&gt; when the container ends. Short runc commands (start, kill, delete, state) run directly.
/// Non-terminal exec runs `runc exec` in the foreground with pipes (its exit status is the process' status);
/// terminal exec goes through `conmon --exec` because runc only hands a pty to a console socket.
/// </summary>
public sealed class ConmonRuntime : IContainerRuntime
{
    public const string ConmonPidFileName = "conmon.pid";
    public const string ContainerPidFileName = "pidfile";
    public const string RuntimeLogFileName = "oci-log";
    public const string ConmonOutputFileName = "conmon.output";

    /// <summary>
    /// The size at which conmon starts a container's log afresh (it renames a new empty file over the log and keeps no
    /// old one), so that a chatty container cannot fill the disk; <see cref="ConmonLogCap"/> keeps restarts under it too.
    /// 100 MiB: the disk a container's logs may take with Docker's `local` driver (5 files of 20 MB) and twice
    /// Kubernetes' (5 of 10 MiB), while keeping as much history as possible in conmon's single file; `logs --tail`
    /// reads from the end, so the size costs it nothing.
    /// </summary>
    public const long LogSizeMax = 100L * 1024 * 1024;

    public ConmonRuntime(ConmonRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public ConmonRuntimeOptions Options { get; }

    public async Task<int> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ValidateId(launch.Id);
        if (!File.Exists(Path.Combine(launch.BundleDir, "config.json")))
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"bundle {launch.BundleDir} has no config.json");
        }

        Directory.CreateDirectory(launch.RunDir);
        Directory.CreateDirectory(launch.ExitDir);
        Directory.CreateDirectory(Options.RuntimeRoot);
        var ociLog = Path.Combine(launch.RunDir, RuntimeLogFileName);
        var conmonOutput = Path.Combine(launch.RunDir, ConmonOutputFileName);
        foreach (var stale in new[] { Path.Combine(launch.ExitDir, launch.Id), ociLog, conmonOutput, Path.Combine(launch.RunDir, ConmonPidFileName), Path.Combine(launch.RunDir, ContainerPidFileName) })
        {
            File.Delete(stale);
        }

        var started = Stopwatch.GetTimestamp();
        var logSizeMax = await ConmonLogCap.ForStartAsync(launch.LogPath, LogSizeMax, cancellationToken).ConfigureAwait(false);
        var args = ConmonArgs(launch.Id, launch.Id, launch.Name, launch.BundleDir, launch.RunDir, launch.ExitDir, $"k8s-file:{launch.LogPath}", ociLog, logSizeMax);
        if (launch.Terminal)
        {
            args.Add("-t");
        }
        else if (launch.Stdin)
        {
            args.Add("-i");
        }

        if (launch.ExitCommand is { Count: > 0 } exitCommand)
        {
            args.Add("--exit-command");
            args.Add(exitCommand[0]);
            foreach (var arg in exitCommand.Skip(1))
            {
                args.Add("--exit-command-arg");
                args.Add(arg);
            }

            if (launch.ExitCommandDelaySeconds > 0)
            {
                args.Add("--exit-delay");
                args.Add(launch.ExitCommandDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var (sync, syncChild) = NativeFd.CreateSocketPair();
        using var reader = new ConmonSyncReader(sync);
        IChildProcess intermediate;
        using (syncChild)
        using (var output = File.OpenHandle(conmonOutput, FileMode.Create, FileAccess.Write))
        {
            intermediate = Options.Commands.Start(new SpawnRequest
            {
                Path = Options.ConmonPath,
                Arguments = args,
                Environment = ConmonEnvironment(("_OCI_SYNCPIPE", "3")),
                Stdout = output,
                Stderr = output,
                // fd 3 is the sync pipe (_OCI_SYNCPIPE); the held handles follow as fds 4, 5, ...
                ExtraFds = [syncChild, .. launch.HeldHandles],
                NewSession = true,
                WorkingDirectory = launch.RunDir,
            });
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.CreateTimeout);
        var reaped = false;
        try
        {
            // The first conmon forks the monitor, writes conmon.pid and exits; the monitor reports over the sync pipe.
            var status = await intermediate.WaitAsync(timeout.Token).ConfigureAwait(false);
            reaped = true;
            if (status != 0)
            {
                throw new EngineException(ErrorKind.Unknown, $"conmon failed with exit status {status}: {ReadText(conmonOutput)}".TrimEnd(' ', ':'));
            }

            var message = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (message is { Data: > 0 })
            {
                Log.ConmonCreated(Options.Logger, launch.Id, message.Data, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return message.Data;
            }

            var error = RuncErrors.LastLoggedError(ociLog)
                ?? NonEmpty(message?.Message)
                ?? NonEmpty(ReadText(conmonOutput))
                ?? "container create failed: conmon exited without reporting the container pid";
            throw RuncErrors.ToException(error);
        }
        catch (Exception e)
        {
            if (!reaped && intermediate.TryWait() is null)
            {
                intermediate.Kill(9);
                await intermediate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await CleanUpFailedCreateAsync(launch.Id, launch.RunDir).ConfigureAwait(false);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new EngineException(ErrorKind.Unavailable, $"creating container {launch.Id} timed out after {Options.CreateTimeout}", e);
            }

            throw;
        }
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        ValidateId(id);
        await RunCheckedAsync(["start", id], cancellationToken).ConfigureAwait(false);
    }

    public async Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken)
    {
        ValidateId(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        List<string> args = ["kill"];
        if (all)
        {
            args.Add("--all");
        }

        args.Add(id);
        args.Add(signal.ToString(CultureInfo.InvariantCulture));
        await RunCheckedAsync(args, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        ValidateId(id);
        // runc keeps one state directory per container under its root: without it there is nothing to delete,
        // and skipping the process spawn keeps start and --rm cleanup fast.
        var stateDir = Path.Combine(Options.RuntimeRoot, id);
        if (!Directory.Exists(stateDir) || RuncStateCleaner.TryDeleteStopped(stateDir))
        {
            return;
        }

        List<string> args = ["delete"];
        if (force)
        {
            args.Add("--force");
        }

        args.Add(id);
        var result = await RuncCommand.RunAsync(Options, args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !RuncErrors.IsMissingContainer(result.Error ?? ""))
        {
            throw RuncCommand.Fail(result);
        }
    }

    public async Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        ValidateId(id);
        var result = await RuncCommand.RunAsync(Options, ["state", id], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return RuncErrors.IsMissingContainer(result.Error ?? "") ? null : throw RuncCommand.Fail(result);
        }

        RuncStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(result.Stdout, RuntimeJsonContext.Default.RuncStateDocument);
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.Unknown, $"unreadable runtime state for container {id}: {e.Message}");
        }

        if (document is null)
        {
            return null;
        }

        var status = document.Status switch
        {
            "creating" => RuntimeStatus.Creating,
            "created" => RuntimeStatus.Created,
            "running" => RuntimeStatus.Running,
            "paused" => RuntimeStatus.Paused,
            "stopped" => RuntimeStatus.Stopped,
            _ => RuntimeStatus.Unknown,
        };
        return new RuntimeState(document.Id, status, document.Pid, document.Bundle);
    }

    public async Task<IAttachSession> AttachAsync(string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken) =>
        await AttachSession.ConnectAsync(bundleDir, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);

    int? IContainerRuntime.ReadMonitorPid(string runDir) => ReadConmonPid(runDir);

    ContainerExit? IContainerRuntime.ReadExit(string exitDir, string id) => ReadExit(exitDir, id);

    /// <summary>Both exec paths leave the process' pid in WorkDir/pidfile: conmon's -p, and runc's --pid-file.</summary>
    public int? ReadExecPid(string workDir)
    {
        var text = ReadText(Path.Combine(workDir, ContainerPidFileName)).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    /// <summary>A terminal exec runs under conmon, whose control FIFO (WorkDir/ctl) takes the size; other execs have none.</summary>
    public Task ResizeExecAsync(string workDir, int rows, int columns, CancellationToken cancellationToken)
    {
        var control = Path.Combine(workDir, "ctl");
        return File.Exists(control) ? AttachSession.WriteResizeAsync(control, rows, columns, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>conmon's pid from RunDir/conmon.pid, or null when it is missing or unreadable.</summary>
    public static int? ReadConmonPid(string runDir)
    {
        var text = ReadText(Path.Combine(runDir, ConmonPidFileName)).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    /// <summary>The recorded exit of container <paramref name="id"/>, or null while none has been written.</summary>
    public static ContainerExit? ReadExit(string exitDir, string id)
    {
        ValidateId(id);
        var path = Path.Combine(exitDir, id);
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
            {
                return null;
            }

            return new ContainerExit(code, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits for conmon's exit file with inotify (FileSystemWatcher), with a 1 s re-check as a safety net. When
    /// <paramref name="conmonPid"/> is given and conmon is gone without an exit file, the result has MonitorLost set.
    /// </summary>
    public async Task<ContainerExit> WaitExitAsync(string exitDir, string id, int? conmonPid, CancellationToken cancellationToken)
    {
        ValidateId(id);
        Directory.CreateDirectory(exitDir);
        using var signal = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(exitDir, id)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
        };
        void OnEvent(object sender, FileSystemEventArgs e) => signal.Release();
        watcher.Created += OnEvent;
        watcher.Changed += OnEvent;
        watcher.Renamed += (sender, e) => signal.Release();
        watcher.EnableRaisingEvents = true;

        while (true)
        {
            if (ReadExit(exitDir, id) is { } exit)
            {
                return exit;
            }

            if (conmonPid is { } pid && !NativeProcess.IsRunning(pid))
            {
                // conmon writes the file before exiting; look once more so a normal exit is never reported as lost.
                return ReadExit(exitDir, id) ?? new ContainerExit(255, DateTimeOffset.UtcNow, MonitorLost: true);
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> ExecAsync(ExecLaunch launch, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ValidateId(launch.ContainerId);
        var ownWorkDir = launch.WorkDir is null;
        var workDir = launch.WorkDir ?? Directory.CreateTempSubdirectory("cais-exec-").FullName;
        try
        {
            Directory.CreateDirectory(workDir);
            var processFile = Path.Combine(workDir, "process.json");
            var process = launch.Process with { Terminal = launch.Terminal };
            await File.WriteAllTextAsync(processFile, JsonSerializer.Serialize(process, OciJsonContext.Default.SpecProcess), cancellationToken).ConfigureAwait(false);
            if (launch.Terminal && !launch.Detach)
            {
                return await new ConmonExec(this, launch.ContainerId, workDir, processFile).RunAsync(stdin, stdout, cancellationToken).ConfigureAwait(false);
            }

            return await RuncExecAsync(launch, processFile, workDir, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ownWorkDir)
            {
                RuncCommand.TryDelete(workDir);
            }
        }
    }

    internal List<string> ConmonArgs(string id, string sessionId, string? name, string bundleDir, string runDir, string exitDir, string logDriver, string ociLog, long? logSizeMax = null)
    {
        List<string> args =
        [
            Options.ConmonPath,
            "--api-version", "1",
            "-c", id,
            "-u", sessionId,
            "-r", Options.RuntimePath,
            "-b", bundleDir,
            "-p", Path.Combine(runDir, ContainerPidFileName),
            "-P", Path.Combine(runDir, ConmonPidFileName),
            "-l", logDriver,
            "--exit-dir", exitDir,
            "--socket-dir-path", runDir,
            "--full-attach",
            "--runtime-arg", "--root", "--runtime-arg", Options.RuntimeRoot,
            "--runtime-arg", "--log", "--runtime-arg", ociLog,
            "--runtime-arg", "--log-format", "--runtime-arg", "json",
        ];
        if (logSizeMax is { } max)
        {
            args.Add("--log-size-max");
            args.Add(max.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(name))
        {
            args.Add("-n");
            args.Add(name);
        }

        return args;
    }

    /// <summary>Our environment for conmon (its exit command runs cais and needs it), minus fd-passing variables that are not ours to forward.</summary>
    internal static List<string> ConmonEnvironment(params (string Key, string Value)[] extra)
    {
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("_OCI_", StringComparison.Ordinal) || key.StartsWith("LISTEN_", StringComparison.Ordinal) || key == "NOTIFY_SOCKET")
            {
                continue;
            }

            env.Add($"{key}={entry.Value}");
        }

        foreach (var (key, value) in extra)
        {
            env.Add($"{key}={value}");
        }

        return env;
    }

    internal static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void ValidateId(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Contains('/', StringComparison.Ordinal) || id is "." or "..")
        {
            throw EngineException.Invalid($"invalid container id \"{id}\"");
        }
    }

    private async Task RunCheckedAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RuncCommand.RunAsync(Options, args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw RuncCommand.Fail(result);
        }
    }

    private async Task CleanUpFailedCreateAsync(string id, string runDir)
    {
        if (ReadConmonPid(runDir) is { } conmon && NativeProcess.IsRunning(conmon))
        {
            // conmon's runc child dies with it (PDEATHSIG), so this also ends a hanging create.
            NativeProcess.Kill(conmon, 9);
        }

        try
        {
            await DeleteAsync(id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
    }

    private async Task<int> RuncExecAsync(ExecLaunch launch, string processFile, string workDir, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var logPath = Path.Combine(workDir, "runc-log.json");
        List<string> argv = [Options.RuntimePath, "--root", Options.RuntimeRoot, "--log", logPath, "--log-format", "json", "exec", "--process", processFile, "--pid-file", Path.Combine(workDir, ContainerPidFileName)];
        if (launch.Detach)
        {
            argv.Add("--detach");
            if (launch.Terminal)
            {
                // A detached terminal process still needs a pty; nobody reads it, so it behaves as `docker exec -dt`.
                argv.Add("--tty");
            }
        }

        argv.Add(launch.ContainerId);

        SafeFileHandle? inRead = null, inWrite = null, outRead = null, outWrite = null, errRead = null, errWrite = null;
        IChildProcess process;
        try
        {
            if (!launch.Detach)
            {
                if (stdin is not null)
                {
                    (inRead, inWrite) = NativeFd.CreatePipe();
                }

                (outRead, outWrite) = NativeFd.CreatePipe();
                (errRead, errWrite) = NativeFd.CreatePipe();
            }

            process = Options.Commands.Start(new SpawnRequest
            {
                Path = Options.RuntimePath,
                Arguments = argv,
                Stdin = inRead,
                Stdout = outWrite,
                Stderr = errWrite,
            });
        }
        catch
        {
            inWrite?.Dispose();
            outRead?.Dispose();
            errRead?.Dispose();
            throw;
        }
        finally
        {
            inRead?.Dispose();
            outWrite?.Dispose();
            errWrite?.Dispose();
        }

        using var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copies = new List<Task>();
        Task? input = null;
        if (outRead is not null && errRead is not null)
        {
            copies.Add(CopyFromPipeAsync(outRead, stdout));
            copies.Add(CopyFromPipeAsync(errRead, stderr));
        }

        if (inWrite is not null && stdin is not null)
        {
            input = CopyToPipeAsync(stdin, inWrite, stopInput.Token);
        }

        int exitCode;
        try
        {
            exitCode = await process.WaitOrKillAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Input the process never read is dropped: the caller's stdin may never end on its own.
            await stopInput.CancelAsync().ConfigureAwait(false);
            if (input is not null)
            {
                await input.ConfigureAwait(false);
            }
        }

        // Output ends when every holder of the pipes (the exec'd process and anything it left behind) closed them.
        await Task.WhenAll(copies).WaitAsync(cancellationToken).ConfigureAwait(false);

        if (exitCode != 0 && RuncErrors.LastLoggedError(logPath) is { } error)
        {
            // runc itself failed (its log has an error), not the process: Docker reports 126/127 with the message.
            if (RuncErrors.CommandExitCode(error) is { } code && !launch.Detach)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes($"OCI runtime exec failed: {error}\n");
                await stderr.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
                return code;
            }

            throw RuncErrors.ToException(error);
        }

        return launch.Detach ? 0 : exitCode;
    }

    private static async Task CopyFromPipeAsync(SafeFileHandle handle, Stream target)
    {
        await using var source = new FileStream(handle, FileAccess.Read, 1);
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, n), CancellationToken.None).ConfigureAwait(false);
            await target.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task CopyToPipeAsync(Stream source, SafeFileHandle handle, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(handle, FileAccess.Write, 1);
        try
        {
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // EPIPE: the process stopped reading its stdin.
        }
    }
}
