using System.Text;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Commands;

namespace Cais.Runtime;

/// <summary>
/// A foreground terminal exec through `conmon --exec --exec-attach -t`: conmon receives the pty from runc's console
/// socket and serves it on WorkDir/attach. Handshake (conmon api 1): a byte on the start pipe lets conmon fork; it
/// reports on the attach pipe once its socket listens; we connect and send a second start byte so runc exec only
/// runs once we are attached; the sync pipe then carries the pid and, later, the exit code.
/// </summary>
internal sealed class ConmonExec(ConmonRuntime runtime, string containerId, string workDir, string processFile)
{
    public async Task<int> RunAsync(Stream? stdin, Stream output, CancellationToken cancellationToken)
    {
        var ociLog = Path.Combine(workDir, ConmonRuntime.RuntimeLogFileName);
        var conmonOutput = Path.Combine(workDir, ConmonRuntime.ConmonOutputFileName);
        var args = runtime.ConmonArgs(containerId, Ids.NewId(), null, workDir, workDir, workDir, "none", ociLog);
        args.AddRange(["--exec", "--exec-process-spec", processFile, "--exec-attach", "-t"]);

        var (sync, syncChild) = NativeFd.CreateSocketPair();
        var (attach, attachChild) = NativeFd.CreateSocketPair();
        var (startRead, startWrite) = NativeFd.CreatePipe();
        using var syncReader = new ConmonSyncReader(sync);
        using var attachReader = new ConmonSyncReader(attach);
        IChildProcess intermediate;
        using (syncChild)
        using (attachChild)
        using (startRead)
        using (var log = File.OpenHandle(conmonOutput, FileMode.Create, FileAccess.Write))
        {
            intermediate = runtime.Options.Commands.Start(new SpawnRequest
            {
                Path = runtime.Options.ConmonPath,
                Arguments = args,
                Environment = ConmonRuntime.ConmonEnvironment(("_OCI_SYNCPIPE", "3"), ("_OCI_STARTPIPE", "4"), ("_OCI_ATTACHPIPE", "5")),
                Stdout = log,
                Stderr = log,
                ExtraFds = [syncChild, startRead, attachChild],
                NewSession = true,
                WorkingDirectory = workDir,
            });
        }

        await using var start = new FileStream(startWrite, FileAccess.Write, 1);
        AttachSession? session = null;
        int? execPid = null;
        var reaped = false;
        try
        {
            await start.WriteAsync(new byte[] { 0 }, cancellationToken).ConfigureAwait(false);
            await start.FlushAsync(cancellationToken).ConfigureAwait(false);
            var status = await intermediate.WaitAsync(cancellationToken).ConfigureAwait(false);
            reaped = true;
            if (status != 0 || await attachReader.ReadAsync(cancellationToken).ConfigureAwait(false) is not { Data: >= 0 })
            {
                throw Failure(ociLog, conmonOutput, null);
            }

            session = await AttachSession.ConnectAsync(workDir, stdin, output, output, cancellationToken).ConfigureAwait(false);
            await start.WriteAsync(new byte[] { 0 }, cancellationToken).ConfigureAwait(false);
            await start.FlushAsync(cancellationToken).ConfigureAwait(false);

            var started = await syncReader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (started is not { Data: > 0 })
            {
                var error = Failure(ociLog, conmonOutput, started?.Message);
                if (CommandLaunchException.ExitCodeOf(error) is { } code)
                {
                    await output.WriteAsync(Encoding.UTF8.GetBytes($"OCI runtime exec failed: {error.Message}\r\n"), cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return code;
                }

                throw error;
            }

            execPid = started.Data;
            var exited = await syncReader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EngineException(ErrorKind.Unknown, "exec monitor exited without reporting the exit code");

            // conmon closes the attach socket after draining the pty; do not hang on a client that never sees EOF.
            await session.Completion.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return exited.Data;
        }
        catch (OperationCanceledException)
        {
            if (execPid is { } pid)
            {
                NativeProcess.Kill(pid, 9);
            }

            throw;
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            if (!reaped && intermediate.TryWait() is null)
            {
                intermediate.Kill(9);
                await intermediate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static EngineException Failure(string ociLog, string conmonOutput, string? message)
    {
        var error = RuncErrors.LastLoggedError(ociLog)
            ?? (string.IsNullOrWhiteSpace(message) ? null : message.Trim())
            ?? (ConmonRuntime.ReadText(conmonOutput).Trim() is { Length: > 0 } text ? text : null)
            ?? "exec failed: conmon exited without a message";
        return RuncErrors.ToException(error);
    }
}
