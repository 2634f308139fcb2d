using Cais.Common;
using Cais.Containers.Exec;
using Cais.Containers.State;
using Cais.Linux;
using Cais.Metadata;
using Cais.Oci.Runtime;
using Cais.Runtime;

namespace Cais.Containers;

/// <summary>Exec as sessions, Docker's model: create, start (once), inspect, resize; each step may be another process.</summary>
public sealed partial class ContainerService
{
    private readonly ExecSessionStore _execSessions = new(paths.ExecRoot);

    /// <summary>Docker's exec create: records what to run in a running container and returns the session's id.</summary>
    public async Task<string> CreateExecAsync(string idOrName, ExecOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ContainerRecord record;
        var locked = await LockCurrentAsync(idOrName, cancellationToken).ConfigureAwait(false);
        using (locked.Hold)
        {
            // Judged under the lock (briefly), so that a start under way is waited for, not refused half-way.
            record = locked.Current ?? throw NoSuchContainer(idOrName);
            ContainerTransitions.Ensure(ContainerOperation.Exec, record, idOrName);
        }

        ValidateExec(options);
        var session = new ExecSession { Id = Ids.NewId(), ContainerId = record.Id, Options = options, Created = DateTimeOffset.UtcNow };
        await _execSessions.CreateAsync(session, cancellationToken).ConfigureAwait(false);
        EmitExec(Events.EventActions.ExecCreate, record, options);
        return session.Id;
    }

    /// <summary>
    /// Docker's exec start: runs the session's process with these streams (stdin only when it was created
    /// interactive) and returns its exit code; a detached session returns 0 once its process runs. A session runs once.
    /// </summary>
    public async Task<int> StartExecAsync(string execId, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        _ = await FindExecAsync(execId, cancellationToken).ConfigureAwait(false);
        using var hold = _execSessions.TryHoldForStart(execId)
            ?? throw EngineException.Conflict($"Error: Exec command {execId} is already running");
        var session = await FindExecAsync(execId, cancellationToken).ConfigureAwait(false);
        if (session.Started)
        {
            throw EngineException.Conflict($"Error: Exec command {execId} has already run");
        }

        // The container's lock is held while its state is judged and its spec read, not while the process runs: a
        // stop, kill or rm must not wait for an interactive session to end (docs/design/locking.md).
        var locked = await LockCurrentAsync(session.ContainerId, cancellationToken).ConfigureAwait(false);
        ContainerRecord record;
        SpecProcess process;
        var options = session.Options;
        using (locked.Hold)
        {
            record = locked.Current ?? throw NoSuchContainer(session.ContainerId);
            ContainerTransitions.Ensure(ContainerOperation.Exec, record, session.ContainerId);
            process = await ExecProcessAsync(record, options, cancellationToken).ConfigureAwait(false);
        }

        session = session with { Started = true };
        await _execSessions.WriteAsync(session, cancellationToken).ConfigureAwait(false);
        var workDir = _execSessions.ProcessDir(execId);
        int? exitCode = null;
        EmitExec(Events.EventActions.ExecStart, record, options);
        try
        {
            exitCode = await runtime.ExecAsync(new ExecLaunch
            {
                ContainerId = record.Id,
                Process = process,
                Terminal = options.Tty,
                Detach = options.Detach,
                WorkDir = workDir,
            }, options.Interactive ? stdin : null, stdout, stderr, cancellationToken).ConfigureAwait(false);
            if (!options.Detach)
            {
                EmitExec(Events.EventActions.ExecDie, record, options, exitCode);
            }

            return exitCode.Value;
        }
        catch (Exception e)
        {
            exitCode = CommandLaunchException.ExitCodeOf(e);
            throw;
        }
        finally
        {
            // A detached process outlives this call: keep its pid (with its start time) to tell later whether it runs.
            var pid = runtime.ReadExecPid(workDir) ?? 0;
            _execSessions.DiscardProcessDir(execId);
            await _execSessions.WriteAsync(session with
            {
                ExitCode = options.Detach && exitCode == 0 ? null : exitCode,
                Pid = pid,
                PidStartTime = options.Detach && pid > 0 ? ProcessStartTime.Of(pid) ?? 0 : 0,
            }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Docker's exec inspect, from any process of this state root.</summary>
    public async Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken)
    {
        var session = await FindExecAsync(execId, cancellationToken).ConfigureAwait(false);
        var (running, pid) = ExecLiveness(session);
        var options = session.Options;
        return new ExecInspect
        {
            Id = session.Id,
            ContainerId = session.ContainerId,
            Running = running,
            ExitCode = session.ExitCode,
            Pid = pid,
            ProcessConfig = new ExecProcessConfig(options.Tty, options.Cmd.Count > 0 ? options.Cmd[0] : "", [.. options.Cmd.Skip(1)], options.Privileged, options.User ?? ""),
            OpenStdin = options.Interactive,
            OpenStdout = !options.Detach,
            OpenStderr = !options.Detach,
            CanRemove = false,
        };
    }

    /// <summary>Docker's exec resize: the terminal of a running exec session (one without a terminal is left alone).</summary>
    public async Task ResizeExecAsync(string execId, int rows, int columns, CancellationToken cancellationToken)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw EngineException.Invalid($"invalid terminal size {rows}x{columns}");
        }

        var session = await FindExecAsync(execId, cancellationToken).ConfigureAwait(false);
        if (!ExecLiveness(session).Running)
        {
            throw EngineException.Conflict($"exec {execId} is not running");
        }

        await runtime.ResizeExecAsync(_execSessions.ProcessDir(execId), rows, columns, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExecSession> FindExecAsync(string execId, CancellationToken cancellationToken) =>
        await _execSessions.FindAsync(execId, cancellationToken).ConfigureAwait(false)
            ?? throw EngineException.NotFound($"No such exec instance: {execId}");

    /// <summary>
    /// Whether the session's process runs, and its pid. A foreground session runs while its starter holds it (a starter
    /// that died lets go with its process); a detached one while its recorded pid names the same process.
    /// </summary>
    private (bool Running, int Pid) ExecLiveness(ExecSession session)
    {
        if (!session.Started)
        {
            return (false, 0);
        }

        if (session.Options.Detach)
        {
            var alive = session.Pid > 0 && ProcessStartTime.Of(session.Pid) == session.PidStartTime;
            return (alive, session.Pid);
        }

        if (session.ExitCode is null && _execSessions.IsHeldForStart(session.Id))
        {
            return (true, runtime.ReadExecPid(_execSessions.ProcessDir(session.Id)) ?? 0);
        }

        return (false, session.Pid);
    }
}
