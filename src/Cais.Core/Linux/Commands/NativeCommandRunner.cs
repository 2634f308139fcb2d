using Microsoft.Win32.SafeHandles;

namespace Cais.Linux.Commands;

/// <summary>The real <see cref="ICommandRunner"/>: every program starts through <see cref="NativeProcess.Spawn"/> (posix_spawn).</summary>
public sealed class NativeCommandRunner : ICommandRunner
{
    /// <summary>The runner for code built outside the composition root (tests, tools); it holds no state.</summary>
    public static NativeCommandRunner Instance { get; } = new();

    public IChildProcess Start(SpawnRequest request) => new SpawnedProcess(NativeProcess.Spawn(request));

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        SafeFileHandle? inRead = null, inWrite = null;
        var (outRead, outWrite) = NativeFd.CreatePipe();
        var (errRead, errWrite) = NativeFd.CreatePipe();
        IChildProcess child;
        try
        {
            if (request.Stdin is not null)
            {
                (inRead, inWrite) = NativeFd.CreatePipe();
            }

            child = Start(new SpawnRequest
            {
                Path = request.Program,
                Arguments = [request.Program, .. request.Arguments],
                Environment = request.Environment,
                Stdin = inRead,
                Stdout = outWrite,
                Stderr = errWrite,
                WorkingDirectory = request.WorkingDirectory,
            });
        }
        catch
        {
            inWrite?.Dispose();
            outRead.Dispose();
            errRead.Dispose();
            throw;
        }
        finally
        {
            // The child holds its own copies; ours must close or the reads below would never see EOF.
            inRead?.Dispose();
            outWrite.Dispose();
            errWrite.Dispose();
        }

        var stdout = ReadAllAsync(outRead);
        var stderr = ReadAllAsync(errRead);
        var input = inWrite is null ? Task.CompletedTask : WriteAllAsync(inWrite, request.Stdin!);
        var exitCode = await child.WaitOrKillAsync(cancellationToken).ConfigureAwait(false);
        await input.ConfigureAwait(false);
        return new CommandResult(exitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task<string> ReadAllAsync(SafeFileHandle handle)
    {
        await using var stream = new FileStream(handle, FileAccess.Read, 1);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task WriteAllAsync(SafeFileHandle handle, string text)
    {
        try
        {
            await using var stream = new FileStream(handle, FileAccess.Write, 1);
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            await writer.WriteAsync(text).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A program may exit without reading its input (a failing one); its exit status tells the story.
        }
    }
}
