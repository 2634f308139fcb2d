using System.Globalization;
using Cais.Common;
using Cais.Runtime;

namespace Cais.TestSupport;

/// <summary>
/// A recording <see cref="IContainerRuntime"/> for unit tests of the container service: no process is ever started.
/// It keeps the runtime's contract: exits are written as conmon writes them (ExitDir/&lt;id&gt; holding the code), an
/// unknown container is NotFound to signal and already gone to delete. Operations are named by the interface's
/// method names (<c>nameof(IContainerRuntime.CreateAsync)</c>).
/// </summary>
/// <remarks>
/// There is no monitor process: <see cref="ReadMonitorPid"/> answers null, so the service records monitor pid 0 and
/// never signals a real process (a made-up pid could name one of this machine's). A cleanup therefore always finds the
/// monitor gone: call it, as conmon's exit command does, after <see cref="Exit"/>.
/// </remarks>
public sealed class FakeContainerRuntime : IContainerRuntime
{
    private readonly Lock _lock = new();
    private readonly List<RuntimeCall> _calls = [];
    private readonly Dictionary<string, Queue<Exception>> _failures = [];
    private readonly Dictionary<string, FakeContainer> _containers = [];
    private readonly Dictionary<string, int> _execPids = [];
    private readonly List<FakeAttachSession> _attached = [];
    private int _nextPid = 1000;

    /// <summary>A signal ends the container with 128+signal, as a process with default handlers does. Default true.</summary>
    public bool ExitOnSignal { get; set; } = true;

    /// <summary>What an exec runs; by default it returns 0 at once.</summary>
    public Func<ExecLaunch, Stream?, Stream, Stream, CancellationToken, Task<int>>? OnExec { get; set; }

    public IReadOnlyList<RuntimeCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The ids of the containers the runtime holds state for now.</summary>
    public IReadOnlyList<string> Containers
    {
        get
        {
            lock (_lock)
            {
                return [.. _containers.Keys];
            }
        }
    }

    public IReadOnlyList<FakeAttachSession> Attached
    {
        get
        {
            lock (_lock)
            {
                return [.. _attached];
            }
        }
    }

    /// <summary>The operations called for one container, in order.</summary>
    public IReadOnlyList<string> CallsFor(string containerId) => Calls.Where(c => c.ContainerId == containerId).Select(c => c.Operation).ToList();

    /// <summary>Makes the next call of <paramref name="operation"/> fail with <paramref name="error"/> (queued per operation).</summary>
    public void FailNext(string operation, Exception error)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(operation, out var queue))
            {
                _failures[operation] = queue = new Queue<Exception>();
            }

            queue.Enqueue(error);
        }
    }

    /// <summary>Ends a running container with <paramref name="exitCode"/>, writing its exit file as its monitor would.</summary>
    public void Exit(string id, int exitCode)
    {
        string exitDir;
        lock (_lock)
        {
            var container = _containers[id];
            container.Status = RuntimeStatus.Stopped;
            exitDir = container.ExitDir;
        }

        Directory.CreateDirectory(exitDir);
        File.WriteAllText(Path.Combine(exitDir, id), exitCode.ToString(CultureInfo.InvariantCulture));
    }

    public Task<int> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        Record(nameof(CreateAsync), launch.Id);
        if (!File.Exists(Path.Combine(launch.BundleDir, "config.json")))
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"bundle {launch.BundleDir} has no config.json");
        }

        lock (_lock)
        {
            var pid = ++_nextPid;
            _containers[launch.Id] = new FakeContainer { Pid = pid, Bundle = launch.BundleDir, ExitDir = launch.ExitDir };
            return Task.FromResult(pid);
        }
    }

    public int? ReadMonitorPid(string runDir) => null;

    public Task StartAsync(string id, CancellationToken cancellationToken)
    {
        Record(nameof(StartAsync), id);
        lock (_lock)
        {
            var container = Known(id);
            if (container.Status != RuntimeStatus.Created)
            {
                throw new EngineException(ErrorKind.FailedPrecondition, $"cannot start a container that is {container.Status.ToString().ToLowerInvariant()}");
            }

            container.Status = RuntimeStatus.Running;
        }

        return Task.CompletedTask;
    }

    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken)
    {
        Record(nameof(KillAsync), id, signal);
        bool exits;
        lock (_lock)
        {
            exits = ExitOnSignal && Known(id).Status == RuntimeStatus.Running;
        }

        if (exits)
        {
            Exit(id, 128 + signal);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        Record(nameof(DeleteAsync), id);
        lock (_lock)
        {
            _containers.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        Record(nameof(StateAsync), id);
        lock (_lock)
        {
            return Task.FromResult(_containers.TryGetValue(id, out var c) ? new RuntimeState(id, c.Status, c.Status == RuntimeStatus.Stopped ? 0 : c.Pid, c.Bundle) : null);
        }
    }

    /// <summary>The same file conmon writes, read the same way.</summary>
    public ContainerExit? ReadExit(string exitDir, string id) => ConmonRuntime.ReadExit(exitDir, id);

    public async Task<ContainerExit> WaitExitAsync(string exitDir, string id, int? monitorPid, CancellationToken cancellationToken)
    {
        Record(nameof(WaitExitAsync), id);
        while (true)
        {
            if (ReadExit(exitDir, id) is { } exit)
            {
                return exit;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IAttachSession> AttachAsync(string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundleDir);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(bundleDir));
        Record(nameof(AttachAsync), id);
        var session = new FakeAttachSession();
        lock (_lock)
        {
            _attached.Add(session);
        }

        return Task.FromResult<IAttachSession>(session);
    }

    public async Task<int> ExecAsync(ExecLaunch launch, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        Record(nameof(ExecAsync), launch.ContainerId);
        lock (_lock)
        {
            if (Known(launch.ContainerId).Status != RuntimeStatus.Running)
            {
                throw new EngineException(ErrorKind.FailedPrecondition, "cannot exec in a stopped container");
            }

            _execPids[launch.WorkDir ?? ""] = ++_nextPid;
        }

        return OnExec is { } run ? await run(launch, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false) : 0;
    }

    public int? ReadExecPid(string workDir)
    {
        lock (_lock)
        {
            return _execPids.TryGetValue(workDir, out var pid) ? pid : null;
        }
    }

    public Task ResizeExecAsync(string workDir, int rows, int columns, CancellationToken cancellationToken)
    {
        Record(nameof(ResizeExecAsync), workDir);
        return Task.CompletedTask;
    }

    private void Record(string operation, string id, int signal = 0)
    {
        lock (_lock)
        {
            _calls.Add(new RuntimeCall(operation, id, signal));
            if (_failures.TryGetValue(operation, out var queue) && queue.TryDequeue(out var error))
            {
                throw error;
            }
        }
    }

    private FakeContainer Known(string id) =>
        _containers.TryGetValue(id, out var container) ? container : throw EngineException.NotFound($"container does not exist: {id}");

    private sealed class FakeContainer
    {
        public RuntimeStatus Status { get; set; } = RuntimeStatus.Created;

        public int Pid { get; init; }

        public required string Bundle { get; init; }

        public required string ExitDir { get; init; }
    }
}
