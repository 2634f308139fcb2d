namespace Cais.Linux.Commands;

/// <summary>A child started by <see cref="ICommandRunner.Start"/>, ours to reap.</summary>
public interface IChildProcess
{
    int Pid { get; }

    /// <summary>Waits for the child to exit and reaps it; cancelling abandons the wait only.</summary>
    Task<int> WaitAsync(CancellationToken cancellationToken);

    /// <summary>Like <see cref="WaitAsync"/>, but a cancelled wait kills (SIGKILL) and reaps the child before it throws.</summary>
    Task<int> WaitOrKillAsync(CancellationToken cancellationToken);

    /// <summary>Reaps the child if it has exited; its exit code, or null while it runs.</summary>
    int? TryWait();

    /// <summary>Sends a signal; false when the process is gone.</summary>
    bool Kill(int signal);
}
