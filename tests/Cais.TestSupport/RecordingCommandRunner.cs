using System.Collections.Concurrent;
using Cais.Linux;
using Cais.Linux.Commands;

namespace Cais.TestSupport;

/// <summary>
/// A fake <see cref="ICommandRunner"/>: records every program it is asked to run (argv, environment, stdin) and answers
/// from a script, so code that drives runc, iptables or CNI plugins can be tested without them or root.
/// </summary>
public sealed class RecordingCommandRunner : ICommandRunner
{
    private readonly ConcurrentQueue<CommandRequest> _runs = new();
    private readonly ConcurrentQueue<SpawnRequest> _starts = new();
    private readonly Func<CommandRequest, CommandResult> _respond;

    /// <param name="respond">The result for each run; by default every program succeeds and prints nothing.</param>
    public RecordingCommandRunner(Func<CommandRequest, CommandResult>? respond = null)
    {
        _respond = respond ?? (_ => new CommandResult(0, "", ""));
    }

    /// <summary>What <see cref="RunAsync"/> was asked, in order.</summary>
    public IReadOnlyList<CommandRequest> Runs => [.. _runs];

    /// <summary>What <see cref="Start"/> was asked, in order.</summary>
    public IReadOnlyList<SpawnRequest> Starts => [.. _starts];

    /// <summary>The exit code each started child reports.</summary>
    public int StartedExitCode { get; init; }

    /// <summary>Each run as "program arg arg ..." (the program's file name only), for compact assertions.</summary>
    public IReadOnlyList<string> CommandLines => [.. _runs.Select(r => string.Join(' ', r.Arguments.Prepend(Path.GetFileName(r.Program))))];

    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _runs.Enqueue(request);
        return Task.FromResult(_respond(request));
    }

    public IChildProcess Start(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _starts.Enqueue(request);
        return new FinishedChild(_starts.Count, StartedExitCode);
    }

    /// <summary>A child that has already exited with its scripted code.</summary>
    private sealed class FinishedChild(int pid, int exitCode) : IChildProcess
    {
        public int Pid { get; } = pid;

        public Task<int> WaitAsync(CancellationToken cancellationToken) => Task.FromResult(exitCode);

        public Task<int> WaitOrKillAsync(CancellationToken cancellationToken) => Task.FromResult(exitCode);

        public int? TryWait() => exitCode;

        public bool Kill(int signal) => false;
    }
}
