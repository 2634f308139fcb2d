using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Containers;
using Cais.Linux;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// Forwards the signals a foreground cais receives to its container. Signals that arrive before the container's
/// process runs are held and delivered once it does, so none is lost or kills cais instead.
/// </summary>
public sealed class SignalForwarder(IContainerService containers, string containerId)
{
    private readonly Lock _lock = new();
    private readonly List<PosixSignal> _pending = [];
    private bool _started;

    public void Signal(PosixSignal signal)
    {
        lock (_lock)
        {
            if (!_started)
            {
                _pending.Add(signal);
                return;
            }
        }

        _ = ForwardAsync(signal);
    }

    /// <summary>The container's process runs: deliver what was held and forward from now on.</summary>
    public void Started()
    {
        List<PosixSignal> pending;
        lock (_lock)
        {
            _started = true;
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var signal in pending)
        {
            _ = ForwardAsync(signal);
        }
    }

    private async Task ForwardAsync(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => Signals.SigTerm,
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGQUIT => 3,
            _ => Signals.SigTerm,
        };
        try
        {
            await containers.ForwardSignalAsync(containerId, number, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            // Already gone: nothing to forward to.
        }
    }
}
