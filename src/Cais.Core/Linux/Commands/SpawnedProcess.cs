namespace Cais.Linux.Commands;

/// <summary>A child of this process started with <see cref="NativeProcess.Spawn"/>.</summary>
internal sealed class SpawnedProcess(int pid) : IChildProcess
{
    public int Pid { get; } = pid;

    public Task<int> WaitAsync(CancellationToken cancellationToken) => NativeProcess.WaitAsync(Pid, cancellationToken);

    public Task<int> WaitOrKillAsync(CancellationToken cancellationToken) => NativeProcess.WaitOrKillAsync(Pid, cancellationToken);

    public int? TryWait() => NativeProcess.TryWait(Pid);

    public bool Kill(int signal) => NativeProcess.Kill(Pid, signal);
}
