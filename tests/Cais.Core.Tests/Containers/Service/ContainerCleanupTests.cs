using Cais.Common;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>
/// Cleanup (what conmon's exit command runs, and every process that notices an exit first) is idempotent, and
/// honours --rm.
/// </summary>
public sealed class ContainerCleanupTests : ContainerServiceTestBase
{
    [Fact]
    public async Task Cleanup_records_the_exit_once_and_a_second_cleanup_changes_nothing()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.Exit(running.Id, 3);

        var first = await Bed.Service.CleanupAsync(running.Id, CancellationToken.None);
        var second = await Bed.Service.CleanupAsync(running.Id, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(ContainerStatus.Exited, first.State.Status);
        Assert.Equal(3, first.State.ExitCode);
        Assert.Equal(ContainerStatus.Exited, second!.State.Status);
        Assert.Equal(3, second.State.ExitCode);
        Assert.Equal(first.State.FinishedAt, second.State.FinishedAt);
        Assert.Empty(Bed.Runtime.Containers);
    }

    [Fact]
    public async Task Cleanup_of_a_removed_container_is_a_no_op_that_leaves_no_lock_file()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        await Bed.Service.RemoveAsync(created.Id, force: false, CancellationToken.None);

        Assert.Null(await Bed.Service.CleanupAsync(created.Id, CancellationToken.None));
        Assert.Null(await Bed.Service.CleanupAsync(created.Id, CancellationToken.None));

        Assert.False(Bed.LockFileExists(created.Id));
        Assert.Empty(Bed.Snapshots());
    }

    [Fact]
    public async Task Cleanup_removes_an_auto_remove_container_and_keeps_its_exit_for_the_waiter()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web") with { AutoRemove = true });
        Bed.Runtime.Exit(running.Id, 0);

        Assert.Null(await Bed.Service.CleanupAsync(running.Id, CancellationToken.None));

        Assert.Null(Bed.Find(running.Id));
        Assert.Empty(Bed.Snapshots());
        Assert.Empty(Bed.Runtime.Containers);
        Assert.True(Bed.ExitFileExists(running.Id));
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.GetAsync("web", CancellationToken.None));
        Assert.Equal("No such container: web", error.Message);
    }

    [Fact]
    public async Task A_foreground_wait_on_an_auto_remove_container_returns_its_exit_code_and_leaves_nothing()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web") with { AutoRemove = true });
        var wait = Bed.Service.WaitAsync(running, CancellationToken.None);
        Bed.Runtime.Exit(running.Id, 7);

        Assert.Equal(7, await wait.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Null(Bed.Find(running.Id));
        Assert.False(Bed.ExitFileExists(running.Id));
        Assert.False(Bed.LockFileExists(running.Id));
    }

    [Fact]
    public async Task Stop_signals_then_records_the_exit()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));

        var stopped = await Bed.Service.StopAsync("web", timeoutSeconds: 1, signal: null, CancellationToken.None);

        Assert.Equal(ContainerStatus.Exited, stopped.State.Status);
        Assert.Equal(128 + 15, stopped.State.ExitCode);
        Assert.Empty(Bed.Runtime.Containers);
    }
}
