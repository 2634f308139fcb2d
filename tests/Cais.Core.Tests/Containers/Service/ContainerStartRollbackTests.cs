using Cais.Common;
using Cais.Metadata;
using Cais.Runtime;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>A start that fails leaves the container created with the error, and nothing of it in the runtime.</summary>
public sealed class ContainerStartRollbackTests : ContainerServiceTestBase
{
    [Fact]
    public async Task A_runtime_create_that_fails_leaves_the_record_created_with_the_error_and_nothing_running()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.FailNext(nameof(IContainerRuntime.CreateAsync), new CommandLaunchException(127, "exec: \"/bin/app\": stat /bin/app: no such file or directory"));

        var error = await Assert.ThrowsAsync<CommandLaunchException>(() => Bed.Service.StartAsync(created.Id, beforeStart: null, CancellationToken.None));

        var record = Bed.Find(created.Id)!;
        Assert.Equal(ContainerStatus.Created, record.State.Status);
        Assert.Equal(127, record.State.ExitCode);
        Assert.Equal(error.Message, record.State.Error);
        Assert.Equal(0, record.State.Pid);
        Assert.Equal(0, record.State.ConmonPid);
        Assert.Empty(Bed.Runtime.Containers);
        Assert.Equal(nameof(IContainerRuntime.DeleteAsync), Bed.Runtime.CallsFor(created.Id)[^1]);
        Assert.DoesNotContain(nameof(IContainerRuntime.StartAsync), Bed.Runtime.CallsFor(created.Id));
        Assert.False(Bed.ExitFileExists(created.Id));
    }

    [Fact]
    public async Task A_runtime_start_that_fails_deletes_the_runtime_state_and_records_the_error()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.FailNext(nameof(IContainerRuntime.StartAsync), new EngineException(ErrorKind.Unknown, "runc start failed"));

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartAsync(created.Id, beforeStart: null, CancellationToken.None));

        Assert.Equal("runc start failed", error.Message);
        var record = Bed.Find(created.Id)!;
        Assert.Equal(ContainerStatus.Created, record.State.Status);
        Assert.Equal(128, record.State.ExitCode);
        Assert.Equal("runc start failed", record.State.Error);
        Assert.Empty(Bed.Runtime.Containers);
    }

    [Fact]
    public async Task A_failed_start_can_be_retried()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.FailNext(nameof(IContainerRuntime.CreateAsync), new EngineException(ErrorKind.Unknown, "conmon failed"));
        await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartAsync(created.Id, beforeStart: null, CancellationToken.None));

        var started = await Bed.Service.StartAsync(created.Id, beforeStart: null, CancellationToken.None);

        Assert.Equal(ContainerStatus.Running, started.State.Status);
        Assert.Equal("", started.State.Error);
        Assert.Equal(0, started.State.ExitCode);
        Assert.Equal([created.Id], Bed.Runtime.Containers);
    }

    [Fact]
    public async Task A_foreground_start_attaches_through_the_service_before_the_process_runs()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));

        await Bed.Service.StartAsync(created.Id, async record =>
        {
            await using var session = await Bed.Service.AttachAsync(record.Id, null, Stream.Null, Stream.Null, CancellationToken.None);
        }, CancellationToken.None);

        var calls = Bed.Runtime.CallsFor(created.Id).ToList();
        Assert.True(calls.IndexOf(nameof(IContainerRuntime.AttachAsync)) < calls.IndexOf(nameof(IContainerRuntime.StartAsync)));
    }

    [Fact]
    public async Task Attaching_to_a_stopped_container_is_refused()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.Exit(running.Id, 0);
        await Bed.Service.CleanupAsync(running.Id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.AttachAsync("web", null, Stream.Null, Stream.Null, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal("You cannot attach to a stopped container, start it first", error.Message);
    }

    [Fact]
    public async Task A_forwarded_signal_reaches_the_running_container_and_is_refused_once_it_stopped()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.ExitOnSignal = false;

        await Bed.Service.ForwardSignalAsync("web", 2, CancellationToken.None);

        Assert.Contains(new RuntimeCall(nameof(IContainerRuntime.KillAsync), running.Id, 2), Bed.Runtime.Calls);
        Bed.Runtime.Exit(running.Id, 130);
        await Bed.Service.CleanupAsync(running.Id, CancellationToken.None);
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.ForwardSignalAsync("web", 2, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }
}
