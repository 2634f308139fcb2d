using System.Text.Json;
using Cais.Common;
using Cais.Containers.Spec;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Oci;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Runs another process in a running container with the container's own process settings (capabilities,
    /// seccomp, rlimits), overriding args, env, cwd, user and terminal as asked. Returns its exit code.
    /// </summary>
    public async Task<int> ExecAsync(string idOrName, ExecOptions options, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        // Held while the container's state is judged and its spec read, not while the process runs: a stop, kill or
        // rm must not wait for an interactive session to end (docs/design/locking.md).
        var locked = await LockCurrentAsync(idOrName, cancellationToken).ConfigureAwait(false);
        using var hold = locked.Hold;
        var record = locked.Current ?? throw NoSuchContainer(idOrName);
        ContainerTransitions.Ensure(ContainerOperation.Exec, record, idOrName);

        if (options.WorkingDir is { Length: > 0 } wd && !wd.StartsWith('/'))
        {
            throw EngineException.Invalid($"the working directory '{wd}' is invalid, it needs to be an absolute path");
        }

        var specPath = Path.Combine(RunDir(record.Id), "config.json");
        if (!File.Exists(specPath))
        {
            // Its runtime directory is gone (a reboot emptied /run): whatever the record says, nothing runs there.
            throw EngineException.Conflict($"container {record.Id} is not running");
        }

        await using var file = File.OpenRead(specPath);
        var spec = await JsonSerializer.DeserializeAsync(file, OciJsonContext.Default.RuntimeSpec, cancellationToken).ConfigureAwait(false)
            ?? throw new EngineException(ErrorKind.DataLoss, $"runtime spec of {record.Id} is unreadable");
        var process = spec.Process;
        var env = process.Env.ToList();
        foreach (var item in options.Env)
        {
            var key = item.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == key);
            env.Add(item);
        }

        var user = process.User;
        if (options.User is { Length: > 0 } name)
        {
            var resolved = await UserResolver.ResolveAsync(spec.Root.Path, name, cancellationToken).ConfigureAwait(false);
            user = new Oci.Runtime.SpecUser { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = resolved.AdditionalGids };
        }

        var execProcess = process with
        {
            Args = options.Cmd,
            Env = env,
            Cwd = string.IsNullOrEmpty(options.WorkingDir) ? process.Cwd : options.WorkingDir,
            Terminal = options.Tty,
            ConsoleSize = null,
            User = user,
        };
        hold.Dispose();
        return await runtime.ExecAsync(new ExecLaunch
        {
            ContainerId = record.Id,
            Process = execProcess,
            Terminal = options.Tty,
            Detach = options.Detach,
        }, options.Interactive ? stdin : null, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }
}
