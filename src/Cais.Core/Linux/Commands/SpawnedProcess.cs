namespace Cais.Linux.Commands;

/// <summary>
/// A child of this process started with <see cref="NativeProcess.Spawn"/>. Exactly one wait reaps it: once a waitpid
/// has reaped the child, a second one (a retry after a cancelled wait, a poll) would fail with ECHILD, or worse, find
/// a new process under a reused pid. So every wait shares one reaper, and signals stop once it has reaped.
/// </summary>
internal sealed class SpawnedProcess(int pid) : IChildProcess
{
    private readonly Lock _gate = new();
    private Task<int>? _reaper;

    public int Pid { get; } = pid;

    public Task<int> WaitAsync(CancellationToken cancellationToken) => Reaper().WaitAsync(cancellationToken);

    public async Task<int> WaitOrKillAsync(CancellationToken cancellationToken)
    {
        var reaper = Reaper();
        try
        {
            return await reaper.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Kill(Common.Signals.SigKill);
            await reaper.ConfigureAwait(false);
            throw;
        }
    }

    public int? TryWait()
    {
        lock (_gate)
        {
            if (_reaper is { } reaper)
            {
                return reaper.IsCompletedSuccessfully ? reaper.Result : null;
            }

            if (NativeProcess.TryWait(Pid) is { } exitCode)
            {
                _reaper = Task.FromResult(exitCode);
                return exitCode;
            }

            return null;
        }
    }

    public bool Kill(int signal) => _reaper is not { IsCompleted: true } && NativeProcess.Kill(Pid, signal);

    private Task<int> Reaper()
    {
        lock (_gate)
        {
            return _reaper ??= NativeProcess.WaitAsync(Pid, CancellationToken.None);
        }
    }
}
