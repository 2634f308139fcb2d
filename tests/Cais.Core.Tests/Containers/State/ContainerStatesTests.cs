using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.State;

public sealed class ContainerStatesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(ContainerStatus.Created)]
    [InlineData(ContainerStatus.Exited)]
    public void A_start_runs_and_clears_the_previous_outcome(ContainerStatus from)
    {
        var state = new ContainerStateRecord { Status = from, ExitCode = 3, Error = "boom", FinishedAt = s_now.AddHours(-1) };
        var started = ContainerStates.Started(state, s_now);
        Assert.Equal(ContainerStatus.Running, started.Status);
        Assert.Equal(0, started.ExitCode);
        Assert.Equal("", started.Error);
        Assert.Equal(s_now, started.StartedAt);
        Assert.Null(started.FinishedAt);
    }

    [Theory]
    [InlineData(ContainerStatus.Running)]
    [InlineData(ContainerStatus.Removing)]
    [InlineData(ContainerStatus.Dead)]
    public void A_start_is_not_recorded_from_elsewhere(ContainerStatus from)
    {
        var e = Assert.Throws<EngineException>(() => ContainerStates.Started(new ContainerStateRecord { Status = from }, s_now));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
    }

    [Fact]
    public void A_failed_first_start_stays_created_and_a_failed_restart_stays_exited()
    {
        var never = ContainerStates.StartFailed(new ContainerStateRecord { Status = ContainerStatus.Created, Pid = 7, ConmonPid = 8 }, 127, "not found");
        Assert.Equal((ContainerStatus.Created, 0, 0, 127, "not found"), (never.Status, never.Pid, never.ConmonPid, never.ExitCode, never.Error));

        var again = ContainerStates.StartFailed(new ContainerStateRecord { Status = ContainerStatus.Exited, StartedAt = s_now }, 128, "x");
        Assert.Equal(ContainerStatus.Exited, again.Status);
    }

    [Theory]
    [InlineData(ContainerStatus.Running)]
    [InlineData(ContainerStatus.Paused)]
    public void An_exit_forgets_the_processes(ContainerStatus from)
    {
        var state = new ContainerStateRecord { Status = from, Pid = 10, ConmonPid = 9, ConmonStartTime = 5, BootId = "b" };
        var exited = ContainerStates.Exited(state, 137, s_now, "");
        Assert.Equal((ContainerStatus.Exited, 0, 0, 137, s_now), (exited.Status, exited.Pid, exited.ConmonPid, exited.ExitCode, exited.FinishedAt!.Value));
    }

    [Theory]
    [InlineData(ContainerStatus.Created)]
    [InlineData(ContainerStatus.Exited)]
    [InlineData(ContainerStatus.Dead)]
    public void Only_an_up_container_exits(ContainerStatus from) =>
        Assert.Throws<EngineException>(() => ContainerStates.Exited(new ContainerStateRecord { Status = from }, 0, s_now, ""));

    [Fact]
    public void The_monitor_is_recorded_without_a_status_change()
    {
        var launched = ContainerStates.MonitorLaunched(new ContainerStateRecord(), 11, 10, 99, "boot");
        Assert.Equal((ContainerStatus.Created, 11, 10, 99UL, "boot"), (launched.Status, launched.Pid, launched.ConmonPid, launched.ConmonStartTime, launched.BootId));
    }

    [Fact]
    public void Forgetting_processes_keeps_the_status_and_refuses_an_up_record()
    {
        var forgotten = ContainerStates.ProcessesForgotten(new ContainerStateRecord { Status = ContainerStatus.Created, Pid = 3, ConmonPid = 4 });
        Assert.Equal((ContainerStatus.Created, 0, 0), (forgotten.Status, forgotten.Pid, forgotten.ConmonPid));
        Assert.Throws<EngineException>(() => ContainerStates.ProcessesForgotten(new ContainerStateRecord { Status = ContainerStatus.Running }));
    }
}
