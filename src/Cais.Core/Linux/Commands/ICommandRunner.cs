namespace Cais.Linux.Commands;

/// <summary>
/// The one way the engine starts an external program (runc, conmon, ip, iptables, the CNI plugins, cp, the resolver
/// daemon). It carries no policy: no PATH search, no timeout, no retry, no interpretation of exit codes; callers decide.
/// Unit tests replace it with a recording fake.
/// </summary>
public interface ICommandRunner
{
    /// <summary>
    /// Runs a program to its end: writes <see cref="CommandRequest.Stdin"/> and closes it, captures stdout and stderr.
    /// A non-zero exit is a result, not an exception. Cancelling kills (SIGKILL) and reaps the process, then throws.
    /// </summary>
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a program with the caller's own fds (pipes, sockets, extra fds, a new session: conmon, runc exec, daemons)
    /// and hands back the child to wait on. The caller must reap it (<see cref="IChildProcess.WaitAsync"/>).
    /// </summary>
    IChildProcess Start(SpawnRequest request);
}
