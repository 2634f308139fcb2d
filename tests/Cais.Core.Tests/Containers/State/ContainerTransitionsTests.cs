using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.State;

/// <summary>Every operation in every status, and every status move, against a table written out here by hand.</summary>
public sealed class ContainerTransitionsTests
{
    // Columns, in the enum's order: created, running, paused, restarting, removing, exited, dead.
    // P = proceeds, A = already done (no error), R = refused.
    private static readonly Dictionary<ContainerOperation, string> s_expected = new()
    {
        [ContainerOperation.Start] = "PARARPR",
        [ContainerOperation.Stop] = "APRPAAA",
        [ContainerOperation.Kill] = "RPRPRRR",
        [ContainerOperation.Pause] = "RPRRRRR",
        [ContainerOperation.Unpause] = "RRPRRRR",
        [ContainerOperation.Remove] = "PRRRRPP",
        [ContainerOperation.ForceRemove] = "PPPPRPP",
        [ContainerOperation.Exec] = "RPRRRRR",
        [ContainerOperation.Restart] = "PPRARPR",
        [ContainerOperation.Attach] = "RPRRRRR",
        [ContainerOperation.Connect] = "PPPPRPR",
        [ContainerOperation.Disconnect] = "PPPPRPR",
        [ContainerOperation.ShareNetworkNamespace] = "RPPRRRR",
    };

    // Rows: from; columns: to (same order). 1 = the service may record this move.
    private static readonly Dictionary<ContainerStatus, string> s_moves = new()
    {
        [ContainerStatus.Created] = "1100111",
        [ContainerStatus.Running] = "0011111",
        [ContainerStatus.Paused] = "0100111",
        [ContainerStatus.Restarting] = "0100111",
        [ContainerStatus.Removing] = "0000001",
        [ContainerStatus.Exited] = "0100111",
        [ContainerStatus.Dead] = "0000000",
    };

    public static TheoryData<ContainerOperation, ContainerStatus> Cells()
    {
        var data = new TheoryData<ContainerOperation, ContainerStatus>();
        foreach (var operation in Enum.GetValues<ContainerOperation>())
        {
            foreach (var status in ContainerStatusNames.All)
            {
                data.Add(operation, status);
            }
        }

        return data;
    }

    [Fact]
    public void The_table_here_covers_every_operation_and_status()
    {
        Assert.Equal(Enum.GetValues<ContainerOperation>().Order(), s_expected.Keys.Order());
        Assert.All(s_expected.Values, row => Assert.Equal(ContainerStatusNames.All.Count, row.Length));
        Assert.Equal(ContainerStatusNames.All.Order(), s_moves.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Decide_follows_the_table(ContainerOperation operation, ContainerStatus status)
    {
        var expected = s_expected[operation][(int)status] switch
        {
            'P' => TransitionOutcome.Proceed,
            'A' => TransitionOutcome.AlreadyDone,
            _ => TransitionOutcome.Refused,
        };
        Assert.Equal(expected, ContainerTransitions.Decide(operation, status));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Ensure_proceeds_skips_or_refuses_with_a_conflict(ContainerOperation operation, ContainerStatus status)
    {
        var record = Record(status);
        switch (ContainerTransitions.Decide(operation, status))
        {
            case TransitionOutcome.Proceed:
                Assert.True(ContainerTransitions.Ensure(operation, record, "web"));
                break;
            case TransitionOutcome.AlreadyDone:
                Assert.False(ContainerTransitions.Ensure(operation, record, "web"));
                break;
            default:
                var e = Assert.Throws<EngineException>(() => ContainerTransitions.Ensure(operation, record, "web"));
                Assert.Equal(ErrorKind.Conflict, e.Kind);
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void The_named_questions_agree_with_the_table(ContainerOperation operation, ContainerStatus status)
    {
        var proceeds = ContainerTransitions.Decide(operation, status) == TransitionOutcome.Proceed;
        bool? named = operation switch
        {
            ContainerOperation.Start => ContainerTransitions.CanStart(status),
            ContainerOperation.Stop => ContainerTransitions.CanStop(status),
            ContainerOperation.Kill => ContainerTransitions.CanKill(status),
            ContainerOperation.Pause => ContainerTransitions.CanPause(status),
            ContainerOperation.Unpause => ContainerTransitions.CanUnpause(status),
            ContainerOperation.Remove => ContainerTransitions.CanRemove(status, force: false),
            ContainerOperation.ForceRemove => ContainerTransitions.CanRemove(status, force: true),
            ContainerOperation.Exec => ContainerTransitions.CanExec(status),
            ContainerOperation.Restart => ContainerTransitions.CanRestart(status),
            ContainerOperation.Attach => ContainerTransitions.CanAttach(status),
            ContainerOperation.Connect => ContainerTransitions.CanConnect(status),
            ContainerOperation.ShareNetworkNamespace => ContainerTransitions.CanShareNetworkNamespace(Record(status).State),
            _ => null,
        };
        if (named is { } answer)
        {
            Assert.Equal(proceeds, answer);
        }
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void AllowsMove_follows_the_table(ContainerStatus from, ContainerStatus to) =>
        Assert.Equal(s_moves[from][(int)to] == '1', ContainerTransitions.AllowsMove(from, to));

    public static TheoryData<ContainerStatus, ContainerStatus> Moves()
    {
        var data = new TheoryData<ContainerStatus, ContainerStatus>();
        foreach (var from in ContainerStatusNames.All)
        {
            foreach (var to in ContainerStatusNames.All)
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Fact]
    public void Every_operation_a_status_allows_leads_to_a_move_the_table_allows()
    {
        // What each proceeding operation records, so that the guards and the moves cannot drift apart. Removal records
        // no status: the record goes (a forced one records the exit first, which Kill covers).
        var results = new Dictionary<ContainerOperation, ContainerStatus>
        {
            [ContainerOperation.Start] = ContainerStatus.Running,
            [ContainerOperation.Stop] = ContainerStatus.Exited,
            [ContainerOperation.Kill] = ContainerStatus.Exited,
            [ContainerOperation.Pause] = ContainerStatus.Paused,
            [ContainerOperation.Unpause] = ContainerStatus.Running,
        };
        foreach (var (operation, to) in results)
        {
            foreach (var from in ContainerStatusNames.All.Where(s => ContainerTransitions.Decide(operation, s) == TransitionOutcome.Proceed))
            {
                Assert.True(ContainerTransitions.AllowsMove(from, to), $"{operation} from {from} to {to}");
            }
        }
    }

    [Fact]
    public void Refusals_use_Dockers_words()
    {
        Assert.Equal("cannot kill container: web: container " + Id + " is not running",
            Refuse(ContainerOperation.Kill, ContainerStatus.Exited));
        Assert.Equal("cannot remove container \"/web\": container is running: stop the container before removing or force remove",
            Refuse(ContainerOperation.Remove, ContainerStatus.Running));
        Assert.Equal("container " + Id + " is not running", Refuse(ContainerOperation.Exec, ContainerStatus.Created));
        Assert.Equal("cannot stop container: web: container " + Id + " is paused, unpause the container before stopping or killing",
            Refuse(ContainerOperation.Stop, ContainerStatus.Paused));
        Assert.Equal("cannot kill container: web: container " + Id + " is paused, unpause the container before stopping or killing",
            Refuse(ContainerOperation.Kill, ContainerStatus.Paused));
        Assert.Equal("cannot join network namespace of a non running container: " + Id,
            Refuse(ContainerOperation.ShareNetworkNamespace, ContainerStatus.Exited));
        Assert.Equal("cannot start a paused container, try unpause instead", Refuse(ContainerOperation.Start, ContainerStatus.Paused));
        Assert.Equal("container " + Id + " is not paused", Refuse(ContainerOperation.Unpause, ContainerStatus.Running));
        Assert.Equal("removal of container web is already in progress", Refuse(ContainerOperation.ForceRemove, ContainerStatus.Removing));
    }

    [Fact]
    public void Joining_a_namespace_needs_a_process_to_name_it()
    {
        var starting = Record(ContainerStatus.Running) with { State = new ContainerStateRecord { Status = ContainerStatus.Running, Pid = 0 } };
        Assert.False(ContainerTransitions.CanShareNetworkNamespace(starting.State));
        Assert.Throws<EngineException>(() => ContainerTransitions.Ensure(ContainerOperation.ShareNetworkNamespace, starting, "web"));
    }

    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static string Refuse(ContainerOperation operation, ContainerStatus status) =>
        Assert.Throws<EngineException>(() => ContainerTransitions.Ensure(operation, Record(status), "web")).Message;

    private static ContainerRecord Record(ContainerStatus status) => new()
    {
        Id = Id,
        Name = "web",
        ImageId = "sha256:" + new string('a', 64),
        ImageName = "busybox",
        Created = DateTimeOffset.UtcNow,
        Settings = new ContainerSettings(),
        State = new ContainerStateRecord { Status = status, Pid = status.IsUp() ? 42 : 0 },
    };
}
