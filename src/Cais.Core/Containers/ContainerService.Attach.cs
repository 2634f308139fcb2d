using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Connects streams to a container's stdio through its monitor: the container must have one (created by a start in
    /// progress, or running). Called from StartAsync's beforeStart to miss no output.
    /// </summary>
    /// <remarks>
    /// Takes no lock: the caller of StartAsync attaches while StartAsync holds the container's lock, and a file lock
    /// is per open file, so taking it here would wait on itself. Attaching changes no record.
    /// </remarks>
    public Task<IAttachSession> AttachAsync(string idOrName, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        var record = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        if (record.State.Status.HasEnded())
        {
            throw EngineException.Conflict("You cannot attach to a stopped container, start it first");
        }

        return runtime.AttachAsync(RunDir(record.Id), stdin, stdout, stderr, cancellationToken);
    }

    /// <summary>
    /// Docker's --sig-proxy: delivers a signal a foreground client received to the container's process. Refused in
    /// Docker's words when the container is not running (the client ignores that: nothing to forward to).
    /// </summary>
    /// <remarks>
    /// Takes no lock, like <see cref="AttachAsync"/>: a signal changes no record (the exit it may cause is recorded by
    /// the cleanup, under the lock), and the foreground process may itself hold the lock when the signal arrives.
    /// </remarks>
    public async Task ForwardSignalAsync(string idOrName, int signal, CancellationToken cancellationToken)
    {
        var record = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        ContainerTransitions.Ensure(ContainerOperation.Kill, record, idOrName);
        await SignalAsync(record, signal, cancellationToken).ConfigureAwait(false);
    }
}
