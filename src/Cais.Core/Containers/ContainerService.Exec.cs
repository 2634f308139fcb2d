using System.Text.Json;
using Cais.Common;
using Cais.Containers.Spec;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Oci;
using Cais.Oci.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Runs another process in a running container and returns its exit code: an exec session created and started in
    /// one call (what <c>cais exec</c> does).
    /// </summary>
    public async Task<int> ExecAsync(string idOrName, ExecOptions options, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var execId = await CreateExecAsync(idOrName, options, cancellationToken).ConfigureAwait(false);
        return await StartExecAsync(execId, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    private static EngineException NotRunning(string id) => EngineException.Conflict($"container {id} is not running");

    private static void ValidateExec(ExecOptions options)
    {
        if (options.WorkingDir is { Length: > 0 } wd && !wd.StartsWith('/'))
        {
            throw EngineException.Invalid($"the working directory '{wd}' is invalid, it needs to be an absolute path");
        }
    }

    /// <summary>
    /// The exec's process: the container's own process settings (capabilities, seccomp, rlimits) with args, env, cwd,
    /// user and terminal overridden as asked.
    /// </summary>
    private async Task<SpecProcess> ExecProcessAsync(ContainerRecord record, ExecOptions options, CancellationToken cancellationToken)
    {
        var specPath = Path.Combine(RunDir(record.Id), "config.json");
        if (!File.Exists(specPath))
        {
            // Its runtime directory is gone (a reboot emptied /run): whatever the record says, nothing runs there.
            throw NotRunning(record.Id);
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
            user = new SpecUser { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = resolved.AdditionalGids };
        }

        // exec --privileged gets what run --privileged gets: every capability of the host's bounding set (Docker asks
        // for all of them and fails where the host lacks one) and no AppArmor confinement. The container's namespaces
        // and seccomp filter stay, as in Docker.
        var privileged = options.Privileged ? Capabilities.Compute([], [], privileged: true, HostFacts.Current.CapabilityBoundingSet) : null;
        return process with
        {
            Capabilities = privileged is null ? process.Capabilities : new SpecCapabilities { Bounding = privileged, Effective = privileged, Permitted = privileged },
            ApparmorProfile = privileged is not null && process.ApparmorProfile is not null ? "unconfined" : process.ApparmorProfile,
            Args = options.Cmd,
            Env = env,
            Cwd = string.IsNullOrEmpty(options.WorkingDir) ? process.Cwd : options.WorkingDir,
            Terminal = options.Tty,
            ConsoleSize = null,
            User = user,
        };
    }
}
