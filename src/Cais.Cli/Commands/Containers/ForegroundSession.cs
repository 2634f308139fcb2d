using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Containers;
using Cais.Linux;
using Cais.Metadata;
using Cais.Runtime;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// Runs a container in the foreground: attaches our stdio before its process starts, forwards signals (Docker's
/// --sig-proxy), puts the terminal in raw mode for -t, and returns the exit code once output is drained.
/// </summary>
public static class ForegroundSession
{
    /// <param name="attach">The streams to attach (-a); stdin only with -i, whose stdin the container keeps open.</param>
    public static async Task<int> RunAsync(IContainerService containers, ContainerRecord container, bool interactive, bool tty, AttachStreams? attach = null)
    {
        attach ??= new AttachStreams(interactive, true, true);
        // No cancellation token: Ctrl+C cancels the command's token, but a foreground container is ended by forwarding the signal to it,
        // as Docker does: once it runs, we wait for its exit whatever the token says.
        var untilExit = CancellationToken.None;
        IAttachSession? session = null;
        IDisposable? raw = null;
        var registrations = new List<PosixSignalRegistration>();
        try
        {
            // Docker's --sig-proxy: handlers go in before the container starts. Registered later, a signal that
            // arrives as the container starts would kill us with the default action and leave the container running.
            var forwarder = tty ? null : new SignalForwarder(containers, container.Id);
            if (forwarder is not null)
            {
                foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                {
                    registrations.Add(PosixSignalRegistration.Create(signal, context =>
                    {
                        context.Cancel = true;
                        forwarder.Signal(context.Signal);
                    }));
                }
            }

            var stdin = interactive && attach.Stdin ? StandardStreams.Input() : null;
            var stdout = attach.Stdout ? StandardStreams.Output() : null;
            var stderr = attach.Stderr ? StandardStreams.Error() : null;
            var record = await containers.StartAsync(container.Id, async record =>
            {
                session = await containers.AttachAsync(record.Id, stdin, stdout, stderr, untilExit).ConfigureAwait(false);
                if (tty && Terminal.IsTerminal(0))
                {
                    raw = interactive ? Terminal.MakeRaw(0) : null;
                    if (Terminal.Size(1) is { } size)
                    {
                        await session.ResizeAsync(size.Rows, size.Columns, untilExit).ConfigureAwait(false);
                    }
                }
            }, untilExit).ConfigureAwait(false);

            forwarder?.Started();
            if (tty && session is not null)
            {
                var attached = session;
                registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, signalContext =>
                {
                    if (Terminal.Size(1) is { } size)
                    {
                        _ = attached.ResizeAsync(size.Rows, size.Columns, CancellationToken.None);
                    }
                }));
            }

            var exitCode = await containers.WaitAsync(record, untilExit).ConfigureAwait(false);
            if (session is not null)
            {
                // conmon closes the attach socket after the last output; do not hang if it never does.
                await Task.WhenAny(session.Completion, Task.Delay(TimeSpan.FromSeconds(2), untilExit)).ConfigureAwait(false);
            }

            return exitCode;
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            raw?.Dispose();
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
