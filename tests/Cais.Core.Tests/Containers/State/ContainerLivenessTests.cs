using Cais.Containers.State;
using Cais.Linux;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.State;

/// <summary>Liveness by pid, start time and boot ID, with this test process standing in for a live monitor.</summary>
public sealed class ContainerLivenessTests
{
    private const string Boot = "11111111-2222-3333-4444-555555555555";

    private static readonly Func<int, ulong?> s_only42StartedAt1000 = pid => pid == 42 ? 1000UL : null;

    private static ContainerStateRecord Up(int conmonPid, ulong startTime, string? boot) =>
        new() { Status = ContainerStatus.Running, Pid = 50, ConmonPid = conmonPid, ConmonStartTime = startTime, BootId = boot };

    [Fact]
    public void The_recorded_monitor_in_this_boot_is_alive() =>
        Assert.True(ContainerLiveness.MonitorAlive(Up(42, 1000, Boot), Boot, s_only42StartedAt1000));

    [Fact]
    public void A_reused_pid_is_not_the_monitor() =>
        Assert.False(ContainerLiveness.MonitorAlive(Up(42, 999, Boot), Boot, s_only42StartedAt1000));

    [Fact]
    public void A_record_from_another_boot_names_no_live_monitor()
    {
        Assert.False(ContainerLiveness.MonitorAlive(Up(42, 1000, "another-boot"), Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StillUp(Up(42, 1000, "another-boot"), exitRecorded: false, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StillUp(Up(0, 0, "another-boot"), exitRecorded: false, Boot, s_only42StartedAt1000));
    }

    [Fact]
    public void A_dead_pid_or_none_is_not_alive()
    {
        Assert.False(ContainerLiveness.MonitorAlive(Up(43, 1000, Boot), Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.MonitorAlive(Up(0, 0, Boot), Boot, s_only42StartedAt1000));
    }

    [Fact]
    public void Records_older_than_the_start_time_and_boot_fields_are_judged_by_pid() =>
        Assert.True(ContainerLiveness.MonitorAlive(Up(42, 0, null), Boot, s_only42StartedAt1000));

    [Fact]
    public void An_exit_file_ends_an_up_record_whatever_the_monitor()
    {
        Assert.True(ContainerLiveness.StillUp(Up(42, 1000, Boot), exitRecorded: false, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StillUp(Up(42, 1000, Boot), exitRecorded: true, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StillUp(Up(42, 1000, Boot) with { Status = ContainerStatus.Exited }, exitRecorded: false, Boot, s_only42StartedAt1000));
    }

    [Fact]
    public void A_record_naming_no_monitor_counts_as_up_only_in_its_own_boot() =>
        Assert.True(ContainerLiveness.StillUp(Up(0, 0, Boot), exitRecorded: false, Boot, s_only42StartedAt1000));

    [Fact]
    public void This_process_judged_through_proc_is_alive_and_not_under_a_wrong_start_time()
    {
        var pid = Environment.ProcessId;
        var started = ProcessStartTime.Of(pid)!.Value;
        Assert.True(ContainerLiveness.MonitorAlive(Up(pid, started, ContainerLiveness.CurrentBootId)));
        Assert.False(ContainerLiveness.MonitorAlive(Up(pid, started + 1, ContainerLiveness.CurrentBootId)));
    }

    [Fact]
    public void A_start_is_under_way_only_while_its_recorded_monitor_lives()
    {
        var starting = Up(42, 1000, Boot) with { Status = ContainerStatus.Created };
        Assert.True(ContainerLiveness.StartUnderWay(starting, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StartUnderWay(starting with { ConmonStartTime = 7 }, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StartUnderWay(starting with { BootId = "another-boot" }, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StartUnderWay(starting with { Pid = 0 }, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StartUnderWay(Up(42, 1000, Boot), Boot, s_only42StartedAt1000));
        Assert.True(ContainerLiveness.StartUnderWay(starting with { ConmonPid = 0 }, Boot, s_only42StartedAt1000));
        Assert.False(ContainerLiveness.StartUnderWay(starting with { ConmonPid = 0, BootId = "another-boot" }, Boot, s_only42StartedAt1000));
    }
}
