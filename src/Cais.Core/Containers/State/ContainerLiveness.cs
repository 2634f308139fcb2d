using Cais.Linux;
using Cais.Metadata;

namespace Cais.Containers.State;

/// <summary>
/// Whether a container recorded up still runs, judged by its monitor (conmon): the pid together with the process'
/// start time and the boot ID. A pid alone is not enough: after the monitor died, or after a reboot, it may name any
/// unrelated process, which would keep the container "Up" forever and be killed by rm. Every liveness judgement of
/// the container service goes through here.
/// </summary>
public static class ContainerLiveness
{
    /// <summary>This boot's ID, to record with a monitor ("" when the kernel does not say: then it is not recorded).</summary>
    public static string? CurrentBootId => ProcessStartTime.BootId is { Length: > 0 } boot ? boot : null;

    /// <summary>Whether the record was written in this boot (records older than the boot ID field count as this boot).</summary>
    public static bool IsSameBoot(ContainerStateRecord state) => IsSameBoot(state, ProcessStartTime.BootId);

    public static bool IsSameBoot(ContainerStateRecord state, string currentBootId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.BootId is null || state.BootId == currentBootId;
    }

    /// <summary>Whether the recorded monitor is alive: same boot, and its pid names a live process that started when it did.</summary>
    public static bool MonitorAlive(ContainerStateRecord state) => MonitorAlive(state, ProcessStartTime.BootId, ProcessStartTime.Of);

    /// <param name="state">The container's state record.</param>
    /// <param name="currentBootId">This boot's ID.</param>
    /// <param name="startTimeOf">A live, non-zombie process' start time by pid; null when there is none.</param>
    public static bool MonitorAlive(ContainerStateRecord state, string currentBootId, Func<int, ulong?> startTimeOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startTimeOf);
        if (!IsSameBoot(state, currentBootId) || state.ConmonPid <= 0)
        {
            return false;
        }

        var started = startTimeOf(state.ConmonPid);
        return started is not null && (state.ConmonStartTime == 0 || started == state.ConmonStartTime);
    }

    /// <summary>
    /// Whether a record that says up is still true: no exit recorded by the monitor, and the monitor alive (or, for a
    /// record that names no monitor, written in this boot).
    /// </summary>
    public static bool StillUp(ContainerStateRecord state, bool exitRecorded) =>
        StillUp(state, exitRecorded, ProcessStartTime.BootId, ProcessStartTime.Of);

    public static bool StillUp(ContainerStateRecord state, bool exitRecorded, string currentBootId, Func<int, ulong?> startTimeOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Status.IsUp() && !exitRecorded
            && (MonitorAlive(state, currentBootId, startTimeOf) || (state.ConmonPid == 0 && IsSameBoot(state, currentBootId)));
    }

    /// <summary>
    /// A start under way: not up yet, but its process and monitor are recorded and the monitor is alive (the record says
    /// running only once `runc start` succeeded); a record naming no monitor counts in its own boot, as in
    /// <see cref="StillUp(ContainerStateRecord, bool)"/>. A start killed half-way whose monitor died, or one from
    /// another boot, is not under way.
    /// </summary>
    public static bool StartUnderWay(ContainerStateRecord state) => StartUnderWay(state, ProcessStartTime.BootId, ProcessStartTime.Of);

    public static bool StartUnderWay(ContainerStateRecord state, string currentBootId, Func<int, ulong?> startTimeOf)
    {
        ArgumentNullException.ThrowIfNull(state);
        return !state.Status.IsUp() && state.Pid > 0
            && (MonitorAlive(state, currentBootId, startTimeOf) || (state.ConmonPid == 0 && IsSameBoot(state, currentBootId)));
    }
}
